// Command benchtool holds the parts of build/benchmark.sh that are awkward in bash. Standard library only.
//
//	benchtool hang PORTFILE SECONDS    a TCP server on 127.0.0.1 that accepts and never answers; stops by itself
//	benchtool goprocs TRACE            every go process in an `strace -f` trace: who started it, its subcommand, argv
//	benchtool gocommand TRACE SUB     the environment and argv of the first go SUB the package started (strace -v trace)
//	benchtool gofiles DIR COUNT        writes COUNT small .go files of package main into DIR (a big module)
package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		fail("usage: benchtool hang|goprocs|gofiles ...")
	}
	switch os.Args[1] {
	case "hang":
		need(4)
		seconds, err := strconv.Atoi(os.Args[3])
		check(err)
		hang(os.Args[2], time.Duration(seconds)*time.Second)
	case "goprocs":
		need(3)
		goProcesses(os.Args[2])
	case "gocommand":
		need(4)
		goCommand(os.Args[2], os.Args[3])
	case "gofiles":
		need(4)
		count, err := strconv.Atoi(os.Args[3])
		check(err)
		goFiles(os.Args[2], count)
	default:
		fail("unknown command " + os.Args[1])
	}
}

// hang listens, writes its port to portFile, holds every connection open without a byte of answer, and exits after
// lifetime (so a killed benchmark never leaves it behind for long).
func hang(portFile string, lifetime time.Duration) {
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	check(err)
	port := listener.Addr().(*net.TCPAddr).Port
	check(os.WriteFile(portFile+".tmp", []byte(strconv.Itoa(port)), 0o644))
	check(os.Rename(portFile+".tmp", portFile))
	time.AfterFunc(lifetime, func() { os.Exit(0) })
	var held []net.Conn
	for {
		conn, err := listener.Accept()
		if err != nil {
			continue
		}
		held = append(held, conn)
	}
}

var (
	traceLine   = regexp.MustCompile(`^(\d+) +(.*)$`)
	execCall    = regexp.MustCompile(`^execve\("((?:[^"\\]|\\.)*)", \[(.*?)\](?:, |\) = |\.\.\.)`)
	returnValue = regexp.MustCompile(`\) += (-?\d+)`)
	quoted      = regexp.MustCompile(`"((?:[^"\\]|\\.)*)"`)
	envEnd      = regexp.MustCompile(`\]\) += `)
	forkCall    = regexp.MustCompile(`^(?:<\.\.\. )?(clone3?|vfork|fork)\b`)
)

type execution struct {
	pid     int
	path    string
	argv    []string
	env     []string
	creator string
}

// goProcesses reads a trace written by `strace -f -qq -s 4096 -e trace=execve,clone,clone3,fork,vfork -o TRACE` and
// prints one line per successful exec of a file named go: the program that started it (the image of the process
// that forked it, e.g. dotnet for the package's own go processes, go or stringer for the ones go itself starts),
// go's subcommand, and the argv. Forks are matched to their children after the whole trace is read, because with
// vfork the child's exec is logged before the parent's fork returns.
func goProcesses(tracePath string) {
	for _, e := range readGoProcesses(tracePath) {
		sub := "-"
		if len(e.argv) > 1 {
			sub = e.argv[1]
		}
		fmt.Printf("%s\t%s\t%s\n", e.creator, sub, strings.Join(e.argv, " "))
	}
}

func readGoProcesses(tracePath string) []execution {
	file, err := os.Open(tracePath)
	check(err)
	defer file.Close()
	image := map[int]string{}
	creatorImage := map[int]string{}
	pendingExec := map[int]string{}
	var goExecs []execution
	scanner := bufio.NewScanner(file)
	scanner.Buffer(make([]byte, 1<<20), 1<<26)
	for scanner.Scan() {
		m := traceLine.FindStringSubmatch(scanner.Text())
		if m == nil {
			continue
		}
		pid, _ := strconv.Atoi(m[1])
		rest := m[2]
		switch {
		case strings.HasPrefix(rest, "execve("):
			if strings.HasSuffix(rest, "<unfinished ...>") {
				pendingExec[pid] = rest
				continue
			}
			recordExec(pid, rest, image, &goExecs)
		case strings.HasPrefix(rest, "<... execve resumed>"):
			if start, ok := pendingExec[pid]; ok {
				delete(pendingExec, pid)
				recordExec(pid, strings.TrimSpace(strings.TrimSuffix(start, "<unfinished ...>"))+strings.TrimPrefix(rest, "<... execve resumed>"),
					image, &goExecs)
			}
		case forkCall.MatchString(rest) && !strings.HasSuffix(rest, "<unfinished ...>"):
			r := returnValue.FindStringSubmatch(rest)
			if r == nil {
				continue
			}
			child, _ := strconv.Atoi(r[1])
			if child <= 0 {
				continue
			}
			creatorImage[child] = image[pid]
			if _, execd := image[child]; !execd {
				image[child] = image[pid]
			}
		}
	}
	check(scanner.Err())
	for i := range goExecs {
		goExecs[i].creator = filepath.Base(creatorImage[goExecs[i].pid])
		if goExecs[i].creator == "." || goExecs[i].creator == "" {
			goExecs[i].creator = "?"
		}
	}
	return goExecs
}

func recordExec(pid int, call string, image map[int]string, goExecs *[]execution) {
	m := execCall.FindStringSubmatch(call)
	r := returnValue.FindStringSubmatch(call)
	if m == nil || r == nil || r[1] != "0" {
		return
	}
	path := unquote(m[1])
	var argv []string
	for _, q := range quoted.FindAllStringSubmatch(m[2], -1) {
		argv = append(argv, unquote(q[1]))
	}
	var env []string
	if rest := call[len(m[0]):]; strings.HasPrefix(rest, "[") {
		if end := envEnd.FindStringIndex(rest); end != nil {
			for _, q := range quoted.FindAllStringSubmatch(rest[:end[0]], -1) {
				env = append(env, unquote(q[1]))
			}
		}
	}
	image[pid] = path
	if filepath.Base(path) == "go" {
		*goExecs = append(*goExecs, execution{pid: pid, path: path, argv: argv, env: env})
	}
}

func unquote(s string) string {
	if u, err := strconv.Unquote(`"` + s + `"`); err == nil {
		return u
	}
	return s
}

// goFiles writes a package main spread over count files, each with one small function and a type, so the module
// has count .go files for the package to walk, stamp and hash.
func goFiles(dir string, count int) {
	check(os.MkdirAll(dir, 0o755))
	for i := 0; i < count; i++ {
		text := fmt.Sprintf("package main\n\n// Item%04d is one of many small declarations.\ntype Item%04d struct{ N int }\n\n"+
			"func value%04d() int { return %d }\n", i, i, i, i)
		check(os.WriteFile(filepath.Join(dir, fmt.Sprintf("item%04d.go", i)), []byte(text), 0o644))
	}
}

func need(n int) {
	if len(os.Args) < n {
		fail("missing arguments for " + os.Args[1])
	}
}

func check(err error) {
	if err != nil {
		fail(err.Error())
	}
}

func fail(message string) {
	fmt.Fprintln(os.Stderr, "benchtool:", message)
	os.Exit(2)
}

// goCommand prints, for the first go process with subcommand sub that dotnet started, one "env NAME=value" line per
// variable of its environment and one "arg VALUE" line per argv element (from a trace taken with strace -v), so the
// benchmark can run exactly that command by hand.
func goCommand(tracePath, sub string) {
	for _, e := range readGoProcesses(tracePath) {
		if e.creator != "dotnet" || len(e.argv) < 2 || e.argv[1] != sub {
			continue
		}
		for _, v := range e.env {
			fmt.Printf("env %s\n", v)
		}
		fmt.Printf("arg %s\n", e.path)
		for _, a := range e.argv[1:] {
			fmt.Printf("arg %s\n", a)
		}
		return
	}
	fail("no go " + sub + " started by dotnet in " + tracePath)
}
