package generator

import (
	"context"
	"os"
	"reflect"
	"testing"
)

// TestReportRoundTrip: the translation report of the test site (missing,
// stale and divergent translations, locale gaps, units), encoded for the
// build cache and read back into the same graph, is the report; an
// encoding cut short, or naming a page the graph lacks, is refused.
func TestReportRoundTrip(t *testing.T) {
	res, err := Build(context.Background(), Options{Src: os.DirFS("../testdata/site")})
	if err != nil {
		t.Fatal(err)
	}
	rep := res.Report
	if len(rep.Findings) == 0 || len(rep.Groups) == 0 || len(rep.UnitCounts) == 0 {
		t.Fatalf("the test site's report is too thin to test: %d findings, %d groups, %d unit counts", len(rep.Findings), len(rep.Groups), len(rep.UnitCounts))
	}
	data := encodeReport(rep)
	back, err := decodeReport(data, res.Site)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, rep) {
		t.Fatalf("read back as\n%+v\nwant\n%+v", back, rep)
	}
	for cut := range len(data) {
		if _, err := decodeReport(data[:cut], res.Site); err == nil {
			t.Fatalf("an encoding cut at %d of %d bytes was read", cut, len(data))
		}
	}
	other := *res.Site
	other.Pages = other.Pages[:1]
	if _, err := decodeReport(data, &other); err == nil {
		t.Fatal("a report of pages the graph lacks was read")
	}
}
