package link

import "testing"

func TestDirection(t *testing.T) {
	tests := map[string]string{
		"he": "rtl", "ar": "rtl", "fa": "rtl", "ur": "rtl", "yi": "rtl", "dv": "rtl", "syr": "rtl",
		"ckb": "rtl", "ps": "rtl", "az-Arab": "rtl", "pa-Arab": "rtl",
		"bg": "ltr", "cs": "ltr", "th": "ltr", "en": "ltr", "az": "ltr", "pa": "ltr", "ja": "ltr",
	}
	for tag, want := range tests {
		if got := Direction(tag); got != want {
			t.Errorf("Direction(%q) = %q, want %q", tag, got, want)
		}
	}
}
