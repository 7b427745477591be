package blocks

import (
	"io/fs"
	"os"
	"strings"
	"testing"
)

func BenchmarkKinds(b *testing.B) {
	var pages [][]byte
	fs.WalkDir(os.DirFS("../testdata/site"), ".", func(p string, d fs.DirEntry, err error) error {
		if strings.HasSuffix(p, ".md") {
			data, _ := os.ReadFile("../testdata/site/" + p)
			pages = append(pages, data)
		}
		return nil
	})
	b.ResetTimer()
	for range b.N {
		for _, p := range pages {
			Kinds(p)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(pages)), "ns/page")
}
