package portal

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bigdatacenter/portal/app/portal/errcode"
)

// dropFormatChars removes the invisible format characters (Unicode category Cf) that make a name
// lie about itself: bidirectional controls reorder what is shown (« facture\u202Efdp.exe » reads
// « factureexe.pdf »), zero-width ones hide or split words, tag characters smuggle hidden
// text. The zero-width joiner and non-joiner stay: Persian, Indic scripts and emoji sequences
// need them to be spelled right, and they move nothing. Line and paragraph separators (U+2028,
// U+2029) are line breaks in disguise: they go too.
func dropFormatChars(s string) string {
	return strings.Map(func(r rune) rune {
		if (unicode.Is(unicode.Cf, r) && r != '\u200C' && r != '\u200D') || r == '\u2028' || r == '\u2029' {
			return -1
		}
		return r
	}, s)
}

// text trims s and checks its length; the error names the field with label.
func text(field string, label errcode.Label, s string, required bool, maxLen int) (string, error) {
	s = strings.TrimSpace(s)
	if required && s == "" {
		return "", Invalid(field, errcode.Required, errcode.Params{"label": label})
	}
	if utf8.RuneCountInString(s) > maxLen {
		return "", Invalid(field, errcode.TooLong, errcode.Params{"label": label, "max": maxLen})
	}
	if strings.ContainsAny(s, "\x00") {
		return "", Invalid(field, errcode.InvalidCharacter, errcode.Params{"label": label})
	}
	return s, nil
}

// singleLine refuses line breaks in names and subjects (they end up in e-mail headers), and
// drops the format characters that could make a name display as another.
func singleLine(field string, label errcode.Label, s string, required bool, maxLen int) (string, error) {
	s, err := text(field, label, dropFormatChars(s), required, maxLen)
	if err == nil && strings.ContainsAny(s, "\r\n") {
		return "", Invalid(field, errcode.SingleLine, errcode.Params{"label": label})
	}
	return s, err
}

// fields checks the fields of an input in order and keeps the first error, so that a validate
// method is a list of its fields, one line each; a field whose check failed is left empty, and
// the fields after it unchecked.
type fields struct{ err error }

func (f *fields) text(dst *string, field string, label errcode.Label, s string, required bool, maxLen int) {
	if f.err == nil {
		*dst, f.err = text(field, label, s, required, maxLen)
	}
}

func (f *fields) line(dst *string, field string, label errcode.Label, s string, required bool, maxLen int) {
	if f.err == nil {
		*dst, f.err = singleLine(field, label, s, required, maxLen)
	}
}

func (f *fields) day(dst **time.Time, field string, label errcode.Label, s string) {
	if f.err == nil {
		*dst, f.err = parseDay(field, label, s)
	}
}

// Page is a page request: 1-based page number and its size.
type Page struct {
	Number int
	Size   int
}

// List is one page of a paginated list and how many rows its filter matches in all.
type List[T any] struct {
	Items []T
	Total int
}

// bounds returns LIMIT and OFFSET, with defaults and a ceiling on the size.
func (p Page) bounds() (limit, offset int) {
	if p.Size <= 0 || p.Size > 100 {
		p.Size = 25
	}
	if p.Number < 1 {
		p.Number = 1
	}
	return p.Size, (p.Number - 1) * p.Size
}
