// Package main is built with -buildmode=c-shared into libgreeter.so (greeter.dll,
// libgreeter.dylib), a native library that the C# side calls through P/Invoke.
//
// Every function marked with an //export comment becomes a C symbol, and cgo also
// writes libgreeter.h with their C prototypes.
//
// Memory rule: strings returned to the caller are allocated with C.CString, i.e. on
// the C heap with malloc, because Go memory must not be held by foreign code. The
// caller owns them and must hand them back to FreeString, which releases them with
// the same allocator.
package main

/*
#include <stdlib.h> // for free
*/
import "C"

import (
	"fmt"
	"runtime"
	"unsafe"

	"example.com/greeter/mood"
)

// Add returns a + b.
//
//export Add
func Add(a, b C.int) C.int {
	return a + b
}

// Greet returns "Hello, <name>! (from Go)".
//
// name is a NUL-terminated UTF-8 string owned by the caller; Go only reads it
// (C.GoString copies it). The result must be released with FreeString.
//
//export Greet
func Greet(name *C.char) *C.char {
	return C.CString(fmt.Sprintf("Hello, %s! (from Go)", C.GoString(name)))
}

// GoVersion returns the version of the Go runtime linked into the library,
// for example "go1.22.12". The result must be released with FreeString.
//
//export GoVersion
func GoVersion() *C.char {
	return C.CString(runtime.Version())
}

// Mood returns the greeter's mood by name, for example "Cheerful". The name comes
// from the String method that the module's generator wrote (mood/mood_string.go,
// written by go generate during the build). The result must be released with FreeString.
//
//export Mood
func Mood() *C.char {
	return C.CString(mood.Today().String())
}

// FreeString releases a string returned by Greet, GoVersion or Mood. Passing nil is
// allowed and does nothing.
//
//export FreeString
func FreeString(p *C.char) {
	C.free(unsafe.Pointer(p))
}

// main is required by -buildmode=c-shared but is never called.
func main() {}
