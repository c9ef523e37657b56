// Package mood is the sample's go generate example: mood_string.go, with the
// String method of Mood, is written by the module's own generator
// (internal/enumstring, a small stringer) when GoToolchain.Build runs go generate
// during dotnet build. `go run` compiles the generator with the toolchain that
// runs go generate, so it works offline on every Go from 1.19 on (Debian's
// stringer binary, built by go1.19, panics on Go 1.24 and later). mood_string.go
// is committed, so CI can build with GoGenerate=Verify and fail when it is out of
// date.
package mood

//go:generate go run example.com/greeter/internal/enumstring -type=Mood

// Mood is how the greeter feels today.
type Mood int

const (
	Calm Mood = iota
	Cheerful
	Grumpy
)

// Today returns the greeter's mood.
func Today() Mood { return Cheerful }
