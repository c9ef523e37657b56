// Package main is built with -buildmode=c-shared by GoToolchain.Build; every //export function is callable from C#.
package main

// #include <stdlib.h>
import "C"

import "unsafe"

//export Add
func Add(a, b C.int) C.int { return a + b }

//export Greet
func Greet(name *C.char) *C.char {
	return C.CString("Hello, " + C.GoString(name) + "! (from Go)")
}

//export FreeString
func FreeString(text *C.char) { C.free(unsafe.Pointer(text)) }

func main() {}
