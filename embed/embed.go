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
