package markdown

import (
	"testing"
)

func TestHTMLText(t *testing.T) {
	if got, want := HTMLText([]byte("<div>Important <b>bold</b> note<br>next &amp; last</div>")), "Important bold note next & last"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
