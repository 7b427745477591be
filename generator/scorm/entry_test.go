package scorm

import "testing"

// TestSafeEntry: a package's entry names are relative slash paths that
// cannot climb out of the folder an LMS extracts them into, on any
// system.
func TestSafeEntry(t *testing.T) {
	for name, want := range map[string]bool{
		"imsmanifest.xml": true, "he/guide/index.html": true, "assets/app.1a2b.js": true,
		"/etc/x": false, "../x": false, "he/../../x": false, `he\..\..\x`: false, "he/a\nb": false, "": false, "he//a": false,
	} {
		if got := safeEntry(name); got != want {
			t.Errorf("safeEntry(%q) = %v, want %v", name, got, want)
		}
	}
}
