// Package csvout writes CSV for spreadsheets as French users open them: UTF-8 with a byte-order
// mark, ";" separated, and no cell that a spreadsheet would run as a formula.
package csvout

import (
	"encoding/csv"
	"io"
	"strings"
)

// Writer writes rows; the first error is kept and returned by Flush.
type Writer struct {
	w   *csv.Writer
	err error
}

// New starts a CSV document on w.
func New(w io.Writer) *Writer {
	// A byte-order mark makes spreadsheet programs read the accents right.
	_, err := io.WriteString(w, "\ufeff")
	cw := csv.NewWriter(w)
	cw.Comma = ';' // what French spreadsheet programs expect
	return &Writer{w: cw, err: err}
}

// Row writes one row. A cell that starts with = + - @ (or a tab or carriage return) is prefixed
// with a quote so that a spreadsheet shows it as text instead of running it.
func (c *Writer) Row(cells ...string) {
	if c.err != nil {
		return
	}
	out := make([]string, len(cells))
	for i, v := range cells {
		out[i] = v
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			out[i] = "'" + v
		}
	}
	c.err = c.w.Write(out)
}

// Flush ends the document and reports the first error.
func (c *Writer) Flush() error {
	c.w.Flush()
	if c.err != nil {
		return c.err
	}
	return c.w.Error()
}
