package portal

import (
	"context"
	"io"

	"github.com/bigdatacenter/portal/app/csvout"
	"github.com/bigdatacenter/portal/app/locale"
)

// csvExport is what a CSV export is: its columns, whose header texts are exports.<name>.<column>
// in app/locale, and the audit row that says someone took it.
type csvExport struct {
	name            string
	columns         []string
	action, summary string
	clientID        int64 // whose data it holds: 0 for every client's
}

// exportWriter writes an export's rows for one reader, with the words it puts in cells in the
// reader's language.
type exportWriter struct {
	*csvout.Writer
	lang string
}

// word is the text of key (in app/locale) in the reader's language.
func (w exportWriter) word(key string) string { return locale.T(w.lang, key, nil) }

// writeExport writes export for a on w: the header row in a's language, the rows that rows
// writes, then the audit row, before the document ends (a failed audit fails the export).
func (s *Service) writeExport(ctx context.Context, a Actor, w io.Writer, export csvExport, rows func(exportWriter) error) error {
	ew := exportWriter{csvout.New(w), a.Language}
	ew.Row(locale.Columns(a.Language, "exports."+export.name, export.columns...)...)
	if err := rows(ew); err != nil {
		return err
	}
	if err := s.db.InsertAudit(ctx, a.audit(s, export.action, "", 0, export.clientID, "success", export.summary)); err != nil {
		return err
	}
	return ew.Flush()
}
