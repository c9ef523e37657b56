// Command gotool is built with go build -buildmode=exe by GoToolchain.Build and shipped beside the app.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"
)

func main() {
	fmt.Printf("Hello, %s! (from a Go tool, %s)\n", strings.Join(os.Args[1:], " "), runtime.Version())
}
