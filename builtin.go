// Package rapport ships what a site gets when it brings none of its own: the
// default theme and the UI strings. The generator itself lives in
// rapport/generator; the command in rapport/cmd/rapport.
package rapport

import (
	"embed"
	"io/fs"
)

//go:embed all:themes/default locales/*.toml
var builtin embed.FS

// Theme returns the built-in default theme: templates/ and assets/.
func Theme() fs.FS {
	sub, err := fs.Sub(builtin, "themes/default")
	if err != nil {
		panic(err) // the embed pattern above guarantees the folder
	}
	return sub
}

// Locales returns the built-in UI strings: one go-i18n TOML file a language.
func Locales() fs.FS {
	sub, err := fs.Sub(builtin, "locales")
	if err != nil {
		panic(err)
	}
	return sub
}
