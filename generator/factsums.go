package generator

import (
	"bytes"
	"maps"
	"slices"

	"rapport/generator/memo"
	"rapport/generator/parse"
)

// Fact sums kept between processes: a parsed page's link and shape
// facts (parse.LinkFacts, parse.ShapeFacts) are made of its parse entry
// alone, so their sums (factSums: the link stage's, the report's and the
// views' inputs) are a function of its parse key, and a build records
// them by it. The next build takes a restored page's sums from the
// record instead of hashing its facts again.

// loadFactSums reads the record of the last build's fact sums.
func (c *Cache) loadFactSums() {
	if c.disk == nil || c.site == "" {
		return
	}
	data, _ := c.disk.Record(c.recordName("facts"))
	c.factRecord = decodeFactSums(data)
}

// recordedSums returns p's fact sums from the record, when p's parse key
// is in it.
func (c *Cache) recordedSums(p *parse.Page) (sums, bool) {
	if c.factRecord == nil {
		return sums{}, false
	}
	key, ok := c.parseKeys.Load(p)
	if !ok {
		return sums{}, false
	}
	s, ok := c.factRecord[key.(memo.Sum)]
	return s, ok
}

// saveFactSums records the fact sums of this build's pages by their
// parse keys.
func (c *Cache) saveFactSums() {
	if c.disk == nil || c.site == "" {
		return
	}
	all := map[memo.Sum]sums{}
	c.diskSums.Range(func(p, s any) bool {
		if key, ok := c.parseKeys.Load(p); ok {
			all[key.(memo.Sum)] = s.(sums)
		}
		return true
	})
	var b []byte
	for _, k := range slices.SortedFunc(maps.Keys(all), func(a, b memo.Sum) int { return bytes.Compare(a[:], b[:]) }) {
		s := all[k]
		b = append(append(append(b, k[:]...), s.link[:]...), s.shape[:]...)
	}
	c.disk.SetRecord(c.recordName("facts"), b)
}

// decodeFactSums decodes a record of saveFactSums: records of three
// sums each; one of another length is empty.
func decodeFactSums(data []byte) map[memo.Sum]sums {
	const rec = 3 * len(memo.Sum{})
	if len(data)%rec != 0 {
		return nil
	}
	out := make(map[memo.Sum]sums, len(data)/rec)
	for b := data; len(b) > 0; b = b[rec:] {
		out[memo.Sum(b[:32])] = sums{link: memo.Sum(b[32:64]), shape: memo.Sum(b[64:96])}
	}
	return out
}
