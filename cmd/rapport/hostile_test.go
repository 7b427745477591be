package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// hostileLimit is how long a reproduction may take before it is killed
// (see bounded: measured in processor time, so a loaded machine does not
// fail it).
const hostileLimit = 10 * time.Second

// TestHostileInputs: every reproduction of a hostile or careless input
// (each archive of testdata/bad, and the code blocks chroma cannot
// highlight in time, testdata/script/code-budget) run by the built binary
// as a user runs it, with 4 GB of address space (ulimit -v 4000000) and
// killed after 20 s of processor time, gives its archive's exit code and standard error, as
// TestScripts checks them in the test's process: a correct build, or exit
// 1 with every problem as path[:line[:col]]: cause. A site build refuses
// check and scorm refuse too, in the same bounds, naming the inputs. A build of one
// article of 10,000 pages succeeds with every page's size bounded (each
// carried all 9,999 navigation links, 5.1 GB in all).
func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs every bad input under memory and time limits")
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash for ulimit -v")
	}
	bin := buildBinary(t, t.TempDir())
	files, _ := filepath.Glob("../../testdata/bad/*.txtar")
	files = append(files, "../../testdata/script/code-budget.txtar")
	if len(files) < 40 {
		t.Fatalf("only %d reproductions", len(files))
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			code, stderr := runScript(t, file, bounded(bin, hostileLimit))
			if code == 1 {
				checkPositioned(t, stderr)
			}
			if ar, _ := txtar.ParseFile(file); code == 1 && strings.TrimSpace(string(get(ar, "args"))) == "build" {
				otherCommands(t, bin, ar)
			}
		})
	}
	t.Run("apacheconf-30KB", func(t *testing.T) { slowLexer(t, bin) })
	t.Run("10000-pages-in-one-article", func(t *testing.T) { longArticle(t, bin) })
}

// slowLexer builds a page with 30 KB of '<' in an apacheconf block
// (chroma's lexer took 48 s over it): it is shown unhighlighted, with a
// warning at its fence.
func slowLexer(t *testing.T, bin string) {
	site, out := t.TempDir(), filepath.Join(t.TempDir(), "public")
	writeFiles(t, site, map[string]string{"content/cs/_index.md": "---\ntitle: Domů\n---\n```apacheconf\n" + strings.Repeat("<", 30_000) + "\n```\n"})
	var stderr strings.Builder
	if code := bounded(bin, hostileLimit)([]string{"build", "-src", site, "-out", out}, io.Discard, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	if want := `content/cs/_index.md:4:4: warning: code block in "apacheconf" shown without highlighting`; !strings.HasPrefix(stderr.String(), want) {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
	page, _ := os.ReadFile(filepath.Join(out, "cs/index.html"))
	if !strings.Contains(string(page), strings.Repeat("&lt;", 30_000)) {
		t.Error("the code is not on the page")
	}
}

// otherCommands runs check and scorm on the site of ar, which build
// refuses: each must refuse it too, within the bounds, naming the inputs.
func otherCommands(t *testing.T, bin string, ar *txtar.Archive) {
	site := t.TempDir()
	writeSite(t, ar, site)
	var stdout, stderr strings.Builder
	if code := bounded(bin, hostileLimit)([]string{"check", "-src", site}, &stdout, &stderr); code != 1 {
		t.Errorf("check: exit %d, want 1\n%s%s", code, stdout.String(), stderr.String())
	}
	errs := 0
	for _, line := range strings.Split(stdout.String(), "\n") {
		if strings.Contains(line, ": error: ") {
			errs++
			if !positioned.MatchString(line) {
				t.Errorf("check: an error names no input: %q", line)
			}
		}
	}
	if errs == 0 {
		t.Errorf("check printed no error:\n%s", stdout.String())
	}
	stderr.Reset()
	if code := bounded(bin, hostileLimit)([]string{"scorm", "-src", site, "-out", t.TempDir()}, io.Discard, &stderr); code != 1 {
		t.Errorf("scorm: exit %d, want 1\n%s", code, stderr.String())
	} else {
		checkPositioned(t, stderr.String())
	}
}

// bounded runs the binary bin under ulimit -v 4000000 and ulimit -t:
// killed after twice limit of processor time (two cores' worth), which a
// loaded machine does not stretch, or after ten times limit of wall time
// (a process that waits instead of working). Its exit code is then -1.
func bounded(bin string, limit time.Duration) runner {
	return func(args []string, stdout, stderr io.Writer) int {
		ctx, cancel := context.WithTimeout(context.Background(), 10*limit)
		defer cancel()
		cpu := strconv.Itoa(int(2 * limit / time.Second))
		cmd := exec.CommandContext(ctx, "bash", append([]string{"-c", `ulimit -v 4000000 -t "$0" && exec "$@"`, cpu, bin}, args...)...)
		cmd.Stdout, cmd.Stderr = stdout, stderr
		err := cmd.Run()
		var ee *exec.ExitError
		switch {
		case ctx.Err() != nil:
			fmt.Fprintf(stderr, "killed: still running after %s\n", 10*limit)
			return -1
		case errors.As(err, &ee) && ee.ExitCode() == -1:
			fmt.Fprintf(stderr, "killed: %v (over %s s of processor time)\n", err, cpu)
			return -1
		case errors.As(err, &ee):
			return ee.ExitCode()
		case err != nil:
			fmt.Fprintf(stderr, "%v\n", err)
			return -1
		}
		return 0
	}
}

// positioned matches a diagnostic: a path (quoted when it has control
// characters), an optional line and column, then the cause.
var positioned = regexp.MustCompile(`^("(?:\\.|[^"\\])*"|[^\s":]+)(:\d+(:\d+)?)?: \S`)

// checkPositioned fails t unless every line of a failed command's stderr
// but its closing summary ("rapport: …") names the input it is about.
func checkPositioned(t *testing.T, stderr string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	for i, line := range lines {
		if strings.HasPrefix(line, "rapport: ") && i == len(lines)-1 {
			continue
		}
		if !positioned.MatchString(line) {
			t.Errorf("line %d of stderr names no input: %q", i+1, line)
		}
	}
}

// longArticle builds one article of 10,000 short pages and checks the
// output grows linearly: no page over 20 KB, 20 KB a page on average
// (each page's navigation shows at most 50 of its article's pages).
func longArticle(t *testing.T, bin string) {
	site, out := t.TempDir(), filepath.Join(t.TempDir(), "public")
	files := map[string]string{
		"content/cs/_index.md":     "---\ntitle: Domů\n---\n",
		"content/cs/big/_index.md": "---\ntitle: Velký článek\n---\n",
	}
	const pages = 10_000
	for i := range pages {
		files[fmt.Sprintf("content/cs/big/p%05d.md", i)] = fmt.Sprintf("---\ntitle: Stránka %d\n---\nText %d.\n", i, i)
	}
	writeFiles(t, site, files)
	var stderr strings.Builder
	// A correct build, which takes 4 s on an idle machine and 30 s on a
	// busy one: the bound only stops a hang.
	if code := bounded(bin, 12*hostileLimit)([]string{"build", "-src", site, "-out", out}, io.Discard, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	var total, largest int64
	var largestPage string
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, _ := d.Info()
		total += info.Size()
		if strings.Contains(p, "/big/p") && info.Size() > largest {
			largest, largestPage = info.Size(), p
		}
		return nil
	})
	t.Logf("%d bytes in all, %d a page; the largest page %s, %d bytes", total, total/pages, largestPage, largest)
	if largest > 20<<10 || total/pages > 20<<10 {
		t.Errorf("output not linear in the pages: %d bytes a page, the largest %s %d bytes", total/pages, largestPage, largest)
	}
	if _, err := os.Stat(filepath.Join(out, "cs/big/p09999/index.html")); err != nil {
		t.Error(err)
	}
}
