package history

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestParseLog(t *testing.T) {
	out := "\x1e2026-11-30\n\ncontent/he/a.md\ncontent/he/שלום.md\n\x1e2026-10-01\n\ncontent/he/a.md\ncontent/bg/b.md\n\x1ebad\n\ncontent/x.md\n"
	got := parseLog([]byte(out))
	want := map[string]string{"content/he/a.md": "2026-11-30", "content/he/שלום.md": "2026-11-30", "content/bg/b.md": "2026-10-01"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: got %q, want %q", k, got[k], v)
		}
	}
}

// TestDates makes a repository whose site is a sub-folder, with two
// commits, and reads the dates with one git call.
func TestDates(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	repo := t.TempDir()
	site := filepath.Join(repo, "site")
	git := func(date string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE="+date+"T12:00:00Z", "GIT_COMMITTER_DATE="+date+"T12:00:00Z",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write := func(p, s string) {
		os.MkdirAll(filepath.Dir(filepath.Join(site, p)), 0o755)
		os.WriteFile(filepath.Join(site, p), []byte(s), 0o644)
	}
	git("2026-01-01", "init", "-q")
	write("content/he/a.md", "1")
	write("content/he/שלום.md", "1")
	git("2026-01-01", "add", ".")
	git("2026-01-01", "commit", "-q", "-m", "one")
	write("content/he/a.md", "2")
	git("2026-03-15", "commit", "-q", "-am", "two")
	got := Dates(context.Background(), site)
	if got["content/he/a.md"] != "2026-03-15" || got["content/he/שלום.md"] != "2026-01-01" || len(got) != 2 {
		t.Errorf("got %v", got)
	}
	if d := Dates(context.Background(), t.TempDir()); d != nil {
		t.Errorf("not a repository: got %v, want nil", d)
	}
}
