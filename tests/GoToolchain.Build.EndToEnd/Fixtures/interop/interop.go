// Package main exports one function per kind of value the generated C# bindings support,
// so the end-to-end test can call each from C# and check the result.
package main

/*
#include <stdint.h>
#include <stdlib.h>
#include <stdbool.h>

typedef struct {
	int32_t x;
	int32_t y;
	double weight;
	bool visible;
} point;

typedef int32_t (*int_op)(int32_t, int32_t);

static int32_t call_int_op(int_op op, int32_t a, int32_t b) { return op(a, b); }
*/
import "C"

import (
	"strings"
	"unsafe"
)

// AddInt8 adds two signed bytes (wrapping).
//
//export AddInt8
func AddInt8(a, b int8) int8 { return a + b }

//export AddInt16
func AddInt16(a, b int16) int16 { return a + b }

//export AddInt32
func AddInt32(a, b int32) int32 { return a + b }

//export AddInt64
func AddInt64(a, b int64) int64 { return a + b }

//export AddUint8
func AddUint8(a, b uint8) uint8 { return a + b }

//export AddUint16
func AddUint16(a, b uint16) uint16 { return a + b }

//export AddUint32
func AddUint32(a, b uint32) uint32 { return a + b }

//export AddUint64
func AddUint64(a, b uint64) uint64 { return a + b }

// AddInt adds two Go ints: 64-bit on 64-bit targets.
//
//export AddInt
func AddInt(a, b int) int { return a + b }

//export AddUint
func AddUint(a, b uint) uint { return a + b }

//export AddCInt
func AddCInt(a, b C.int) C.int { return a + b }

//export AddCLong
func AddCLong(a, b C.long) C.long { return a + b }

//export AddCULong
func AddCULong(a, b C.ulong) C.ulong { return a + b }

//export Half32
func Half32(v float32) float32 { return v / 2 }

//export Half64
func Half64(v float64) float64 { return v / 2 }

//export CHalf
func CHalf(v C.double) C.double { return v / 2 }

// Not returns !b.
//
//export Not
func Not(b bool) bool { return !b }

//export CNot
func CNot(b C.bool) C.bool { return !b }

//export NextUintptr
func NextUintptr(p uintptr) uintptr { return p + 1 }

// SameAddress returns its argument: an unsafe.Pointer round trip.
//
//export SameAddress
func SameAddress(p unsafe.Pointer) unsafe.Pointer { return p }

// Upper returns s in upper case; the result must be released with FreeString.
//
//export Upper
func Upper(s *C.char) *C.char { return C.CString(strings.ToUpper(C.GoString(s))) }

// GoStringLength returns the byte length of a Go string passed from C#.
//
//export GoStringLength
func GoStringLength(s string) int { return len(s) }

// SumBytes returns the sum of the bytes and doubles each byte in place.
//
//export SumBytes
func SumBytes(data []byte) int {
	sum := 0
	for i, b := range data {
		sum += int(b)
		data[i] = b * 2
	}
	return sum
}

// MovePoint returns p moved by (dx, dy): a C struct by value.
//
//export MovePoint
func MovePoint(p C.point, dx, dy C.int32_t) C.point {
	p.x += dx
	p.y += dy
	return p
}

// ScalePoint scales *p in place: a C struct by pointer.
//
//export ScalePoint
func ScalePoint(p *C.point, factor C.double) {
	p.x = C.int32_t(float64(p.x) * float64(factor))
	p.y = C.int32_t(float64(p.y) * float64(factor))
	p.weight *= factor
	p.visible = true
}

// Apply calls op(a, b): a callback through a C function pointer.
//
//export Apply
func Apply(op C.int_op, a, b C.int32_t) C.int32_t { return C.call_int_op(op, a, b) }

// DivMod returns the quotient and the remainder: two results.
//
//export DivMod
func DivMod(a, b int) (int, int) { return a / b, a % b }

// FreeString releases a string this library returned.
//
//export FreeString
func FreeString(p *C.char) { C.free(unsafe.Pointer(p)) }

func main() {}
