package history

import (
	"context"
	"os/exec"
	"strconv"
	"strings"
)

// Commits lists the commits that changed file (a slash path from the
// site's folder dir), newest first, at most limit. Like Dates it reads the
// local repository only; a site that is not a checkout has none.
// `rapport translate` uses it to find what a page said when its
// translation was made.
func Commits(ctx context.Context, dir, file string, limit int) []string {
	out, ok := git(ctx, dir, "log", "-n", strconv.Itoa(limit), "--format=%H", "--", file)
	if !ok {
		return nil
	}
	return strings.Fields(string(out))
}

// At returns file (a slash path from dir) as it was at commit, and false
// when it did not exist there.
func At(ctx context.Context, dir, commit, file string) ([]byte, bool) {
	return git(ctx, dir, "show", commit+":./"+file)
}

func git(ctx context.Context, dir string, args ...string) ([]byte, bool) {
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, "git", append([]string{"-C", dir, "-c", "core.quotepath=off"}, args...)...).Output()
	return out, err == nil
}
