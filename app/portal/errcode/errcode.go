// Package errcode is the one table of the errors the API can answer: each has a stable code, the
// parameters it carries and its French message, kept as a fallback for API clients. The
// interface renders each code in the reader's language from its own translations
// (embed/frontend/src/i18n/{fr,en}.apiErrors.json), and a test fails when a code of this table has none.
//
// A Code can only be made here (its field is unexported), so an error of the portal or the
// server cannot carry a code this table does not list.
//
// To add an error: add a line to the table in codes.go (a new snake_case id and its French
// message, {name} for each parameter, with a plural form when it has {count}), then its
// translations in fr.apiErrors.json and en.apiErrors.json ({{name}} there).
package errcode

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Code is one error of the table.
type Code struct{ d *entry }

type entry struct {
	id     string
	fr     string // French message; {name} stands for a parameter
	frMany string // the French message when the parameter count is above 1, if it differs
}

var (
	table  []Code
	labels []Label
)

func def(id, fr string) Code {
	return defPlural(id, fr, "")
}

// defPlural declares a code whose message depends on its {count} parameter.
func defPlural(id, one, many string) Code {
	for _, c := range table {
		if c.d.id == id {
			panic("errcode: code " + id + " declared twice")
		}
	}
	c := Code{&entry{id: id, fr: one, frMany: many}}
	table = append(table, c)
	return c
}

// All returns every code of the table, in the order declared.
func All() []Code { return append([]Code(nil), table...) }

// String is the stable machine code, e.g. "invalid_credentials".
func (c Code) String() string {
	if c.d == nil {
		return Internal.d.id
	}
	return c.d.id
}

// MarshalText writes the machine code.
func (c Code) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

var placeholder = regexp.MustCompile(`\{([a-z_]+)\}`)

// Params names the parameters the French message (and each translation) uses: those of its
// singular and plural forms.
func (c Code) Params() []string {
	if c.d == nil {
		return nil
	}
	var names []string
	seen := map[string]bool{}
	for _, m := range placeholder.FindAllStringSubmatch(c.d.fr+" "+c.d.frMany, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			names = append(names, m[1])
		}
	}
	return names
}

// Params are the values an error carries (limits, names, the label of the field at fault). In
// JSON a Label is its id and a Bytes a plain number: the interface translates and formats them.
type Params map[string]any

// French renders the message of c with p, as API clients without translations show it.
func (c Code) French(p Params) string {
	if c.d == nil {
		c = Internal
	}
	msg := c.d.fr
	if n, ok := p["count"].(int); ok && n > 1 && c.d.frMany != "" {
		msg = c.d.frMany
	}
	return placeholder.ReplaceAllStringFunc(msg, func(ph string) string {
		v, ok := p[ph[1:len(ph)-1]]
		if !ok {
			return ph
		}
		switch v := v.(type) {
		case Label:
			return v.d.fr
		case Bytes:
			return v.French()
		case string:
			return v
		case int:
			return strconv.Itoa(v)
		default:
			return fmt.Sprint(v)
		}
	})
}

// Label names the input at fault in a message ("Le nom du client est obligatoire."); the
// interface has its own words for it under apiErrors.labels.
type Label struct{ d *labelEntry }

type labelEntry struct{ id, fr string }

func label(id, fr string) Label {
	l := Label{&labelEntry{id, fr}}
	labels = append(labels, l)
	return l
}

// Labels returns every label of the table.
func Labels() []Label { return append([]Label(nil), labels...) }

func (l Label) String() string { return l.d.id }

// MarshalText writes the label's id.
func (l Label) MarshalText() ([]byte, error) { return []byte(l.d.id), nil }

// Bytes is a size parameter: a number in JSON, « 1,5 Go » in the French message.
type Bytes int64

// MarshalJSON keeps a size a plain number.
func (b Bytes) MarshalJSON() ([]byte, error) { return json.Marshal(int64(b)) }

// French writes a byte count as French readers expect: « 1,5 Go ».
func (b Bytes) French() string {
	units := []string{"octets", "Ko", "Mo", "Go", "To"}
	f := float64(b)
	i := 0
	for f >= 1024 && i < len(units)-1 {
		f /= 1024
		i++
	}
	if i == 0 {
		return fmt.Sprintf("%d %s", int64(b), units[0])
	}
	s := fmt.Sprintf("%.1f", f)
	s = strings.TrimSuffix(s, ".0")
	return strings.Replace(s, ".", ",", 1) + " " + units[i]
}
