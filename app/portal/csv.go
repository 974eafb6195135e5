package portal

import (
	"encoding/csv"
	"io"
	"strings"
)

// csvWriter writes spreadsheet-safe CSV: a cell that starts with = + - @ is prefixed with a
// quote so that a spreadsheet shows it as text instead of running it as a formula.
type csvWriter struct {
	w   *csv.Writer
	err error
}

func newCSV(w io.Writer) *csvWriter {
	// A byte-order mark makes spreadsheet programs read the accents right.
	_, err := io.WriteString(w, "\ufeff")
	cw := csv.NewWriter(w)
	cw.Comma = ';' // what French spreadsheet programs expect
	return &csvWriter{w: cw, err: err}
}

func (c *csvWriter) row(cells ...string) {
	if c.err != nil {
		return
	}
	for i, v := range cells {
		if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
			cells[i] = "'" + v
		}
	}
	c.err = c.w.Write(cells)
}

func (c *csvWriter) flush() error {
	c.w.Flush()
	if c.err != nil {
		return c.err
	}
	return c.w.Error()
}
