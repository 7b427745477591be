package link

import (
	"slices"

	"golang.org/x/text/language"
)

// rtlScripts are the ISO 15924 codes of scripts written right to left.
var rtlScripts = []string{
	"Adlm", "Arab", "Aran", "Armi", "Avst", "Chrs", "Elym", "Hatr", "Hebr", "Hung",
	"Khar", "Lydi", "Mand", "Mani", "Mend", "Narb", "Nbat", "Nkoo", "Orkh", "Ougr",
	"Palm", "Phli", "Phlp", "Phnx", "Prti", "Rohg", "Samr", "Sarb", "Sogd", "Sogo",
	"Syrc", "Thaa", "Yezi",
}

// Direction returns "rtl" or "ltr" for a BCP 47 tag, from its script: the one
// written in the tag (az-Arab) or the language's likely script (he → Hebr),
// so a new right-to-left language needs no setting.
func Direction(tag string) string {
	t, err := language.Parse(tag)
	if err != nil {
		return "ltr"
	}
	script, _ := t.Script()
	if slices.Contains(rtlScripts, script.String()) {
		return "rtl"
	}
	return "ltr"
}
