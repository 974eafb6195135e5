// Package embed holds the built frontend (dist/, committed so that `go build` works from a clean
// checkout) and its sources (frontend/). The test command rebuilds the sources and fails when
// the result differs from dist/.
package embed

import (
	stdembed "embed"
	"io/fs"
)

//go:embed all:dist
var dist stdembed.FS

// Frontend returns the built single-page application, index.html at its root.
func Frontend() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // cannot happen: "dist" is a valid path compiled in
	}
	return sub
}

// The interface's translations, also read by the server for what it writes in the reader's
// language (e-mails, reports): one text for the bell and the e-mail of a notification.
//
//go:embed frontend/src/i18n/fr.json frontend/src/i18n/en.json
var translations stdembed.FS

// Translations returns the interface's translations in lang ("fr" or "en") as JSON.
func Translations(lang string) ([]byte, error) {
	return translations.ReadFile("frontend/src/i18n/" + lang + ".json")
}
