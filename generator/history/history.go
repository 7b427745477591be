// Package history reads when each content file last changed from the
// site's git history: one `git log` for the whole build, not one per
// file. It is the only part of the generator that runs a program; it
// reads the local repository and never the network.
//
// A site that is not a git checkout, a machine without git, or any
// failure of git gives no dates and no error: "last updated" is then
// shown only where the front matter has lastmod.
package history

import (
	"bufio"
	"bytes"
	"context"
	"os/exec"
	"regexp"
	"strings"
	"time"
)

// Timeout bounds the git call: a build never waits long for dates.
const Timeout = 10 * time.Second

// Dates returns, for each file under dir/content that git has a commit
// of, the date (YYYY-MM-DD, the committer's) of the last commit that
// changed it, keyed by slash path from dir ("content/he/a.md"). dir is
// the site's folder; it may be a sub-folder of the repository.
func Dates(ctx context.Context, dir string) map[string]string {
	ctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, "git", "-C", dir, "-c", "core.quotepath=off",
		"log", "--no-renames", "--relative", "--name-only", "--format=%x1e%cs", "--", "content")
	out, err := cmd.Output()
	if err != nil {
		return nil
	}
	return parseLog(out)
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// parseLog reads git log's output, newest commit first: each commit is a
// record separator, its date on a line, then the paths it changed.
func parseLog(out []byte) map[string]string {
	dates := map[string]string{}
	date := ""
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if d, ok := strings.CutPrefix(line, "\x1e"); ok {
			date = ""
			if dateRE.MatchString(d) {
				date = d
			}
			continue
		}
		if line == "" || date == "" {
			continue
		}
		if _, seen := dates[line]; !seen {
			dates[line] = date
		}
	}
	return dates
}
