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
// language (e-mails, reports, the headers of CSV exports): one text for the bell and the e-mail
// of a notification, and one place for every word a person reads.
//
//go:embed frontend/src/i18n/fr.json frontend/src/i18n/en.json frontend/src/i18n/fr.admin.json frontend/src/i18n/en.admin.json
var translations stdembed.FS

// TranslationFiles are the names of the files of the interface's translations the server reads
// in lang ("fr" or "en"): the core texts and the staff pages' (where the exports' words are).
func TranslationFiles(lang string) []string {
	return []string{lang + ".json", lang + ".admin.json"}
}

// Translation returns one file of the interface's translations (a name of TranslationFiles) as JSON.
func Translation(name string) ([]byte, error) {
	return translations.ReadFile("frontend/src/i18n/" + name)
}
