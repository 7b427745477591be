package markdown

import (
	"strings"
	"testing"
)

func TestImages(t *testing.T) {
	sizes := map[string]ImageSize{"content/he/img/wide.png": {600, 300}, "content/shared.png": {10, 20}}
	src := "![א](img/wide.png)\n\npara\n\npara\n\n![ב](img/wide.png \"t\")\n\n![ג](../shared.png) ![ד](https://example.com/x.png) ![ה](img/nosize.svg) ![ו](img/wide%2Epng?v=1)\n"
	got, _ := renderAlone(t, src, Images{Sizes: sizes})
	noInline(t, got)
	for _, want := range []string{
		`<img src="img/wide.png" alt="א" decoding="async" width="600" height="300">`, // first screen: not lazy
		`<img src="img/wide.png" alt="ב" title="t" loading="lazy" decoding="async" width="600" height="300">`,
		`<img src="../shared.png" alt="ג" loading="lazy" decoding="async" width="10" height="20">`,
		`<img src="https://example.com/x.png" alt="ד" loading="lazy" decoding="async">`,
		`<img src="img/nosize.svg" alt="ה" loading="lazy" decoding="async">`,
		`alt="ו" loading="lazy" decoding="async" width="600" height="300">`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in\n%s", want, got)
		}
	}
}
