package render

import "testing"

func TestHref(t *testing.T) {
	tests := []struct {
		l      linker
		target string
		want   string
	}{
		{linker{base: "/", from: "he/a/"}, "he/b/", "/he/b/"},
		{linker{base: "/training/", from: "he/a/"}, "he/b/#x", "/training/he/b/#x"},
		{linker{base: "/training/", from: "he/a/"}, "assets/s.css", "/training/assets/s.css"},
		{linker{portable: true, from: "he/a/"}, "he/b/", "../b/index.html"},
		{linker{portable: true, from: "he/a/b/"}, "cs/", "../../../cs/index.html"},
		{linker{portable: true, from: ""}, "he/", "he/index.html"},
		{linker{portable: true, from: "he/"}, "he/", "index.html"},
		{linker{portable: true, from: "he/a/"}, "he/a/#x", "index.html#x"},
		{linker{portable: true, from: "he/a/"}, "assets/s.css", "../../assets/s.css"},
		{linker{base: "/"}, "https://x.example/", "https://x.example/"},
		{linker{base: "/"}, "#frag", "#frag"},
	}
	for _, tt := range tests {
		if got := tt.l.href(tt.target); got != tt.want {
			t.Errorf("%+v.href(%q) = %q, want %q", tt.l, tt.target, got, tt.want)
		}
	}
}

func TestRoot(t *testing.T) {
	tests := []struct {
		l    linker
		want string
	}{
		{linker{base: "/", from: "he/search/"}, "/"},
		{linker{base: "/training/", from: "he/search/"}, "/training/"},
		{linker{portable: true, from: "he/search/"}, "../../"},
		{linker{portable: true, from: ""}, ""},
	}
	for _, tt := range tests {
		if got := tt.l.root(); got != tt.want {
			t.Errorf("%+v.root() = %q, want %q", tt.l, got, tt.want)
		}
	}
}
