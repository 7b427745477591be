package memo

// Mode is which of rapport's two kinds of build a build is. Both run the
// same stages in the same order (generator.Build); they differ only in
// what a stage keeps after the next stage has read it, and [Mode.Policy]
// is the one place that says what.
type Mode uint8

const (
	// OneShot is one build of a site and nothing after it (rapport build,
	// check, scorm): nothing is kept for a next build, and each stage lets
	// go of what it made as soon as the stages after it no longer need it,
	// so that a large site fits in memory at the heap's peak.
	OneShot Mode = iota
	// Serve is one of a series of builds of the same site (rapport serve):
	// every stage keeps its last values and their sums (see [Last]), and a
	// parsed page is never changed after parse (an edit parses a new one),
	// so a later build may reuse it, and anything made from it, as it is.
	Serve
)

// Policy is what a mode does at each point where the two differ.
type Policy struct {
	// Keep: memos keep values between builds ([New]); without it every
	// lookup misses and no sum is computed.
	Keep bool
	// DropSources: a parsed page lets go of its source bytes, and the
	// loaded file of its bytes, as soon as it is parsed (7 KB a playbook).
	DropSources bool
	// SpillBodies: each parsed page's compressed body and search data
	// are moved to a temporary file as soon as it is parsed, until render
	// and its search index read them.
	SpillBodies bool
	// DropShapes: a parsed page forgets its shape (the report's counts)
	// once the report has compared it: render does not read it.
	DropShapes bool
	// DropSearch: a parsed page forgets what parse gathered for search as
	// soon as its language's index has taken it.
	DropSearch bool
	// IndexesNow: the search indexes are built during the build; else
	// each is built when it is first read (serve builds only the ones a
	// reader asks for).
	IndexesNow bool
	// GeneratedBeside: render makes the generated pages (topic lists,
	// progress, search, status) one after another on a goroutine beside
	// the content pages; else after them, when the memo gives most
	// content pages back unmade, on every core.
	GeneratedBeside bool
}

// Policy returns what m does.
func (m Mode) Policy() Policy {
	if m == Serve {
		return Policy{Keep: true}
	}
	return Policy{DropSources: true, SpillBodies: true, DropShapes: true, DropSearch: true, IndexesNow: true, GeneratedBeside: true}
}

// String returns the mode's name.
func (m Mode) String() string {
	if m == Serve {
		return "serve"
	}
	return "one-shot"
}
