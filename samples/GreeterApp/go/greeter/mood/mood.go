// Package mood is the sample's go generate example: mood_string.go, with the
// String method below, is written by stringer (golang.org/x/tools/cmd/stringer)
// when GoToolchain.Build runs go generate during dotnet build. It is committed,
// so CI can build with GoGenerate=Verify and fail when it is out of date.
package mood

//go:generate stringer -type=Mood

// Mood is how the greeter feels today.
type Mood int

const (
	Calm Mood = iota
	Cheerful
	Grumpy
)

// Today returns the greeter's mood.
func Today() Mood { return Cheerful }
