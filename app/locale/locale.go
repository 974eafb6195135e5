// Package locale writes what the server sends people in their language (French or English):
// it reads the interface's own translations (embed/frontend/src/i18n), with the same
// {{placeholders}} and plural forms as the frontend, so that a notification says the same in
// the bell and in its e-mail. The headers of CSV exports are there too (exports.*, with the staff
// pages' texts).
package locale

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"

	"github.com/bigdatacenter/portal/embed"
)

// The languages of the portal; French is the default and the fallback.
const (
	French  = "fr"
	English = "en"
)

// Lang is lang when the portal speaks it, French otherwise (an empty or unknown preference).
func Lang(lang string) string {
	if lang == English {
		return English
	}
	return French
}

// strings by language, flattened: "format.size.kb" → "{{value}} Ko".
var texts = map[string]map[string]string{French: mustLoad(French), English: mustLoad(English)}

// mustLoad reads a language's texts from the interface's files, which must not give one key two
// texts. The files are compiled in, so a broken one stops the program at start, and a test run
// sees it first.
func mustLoad(lang string) map[string]string {
	out := map[string]string{}
	for _, name := range embed.TranslationFiles(lang) {
		for key, text := range flatten(name, must(embed.Translation(name))) {
			if _, taken := out[key]; taken {
				panic(fmt.Sprintf("locale: %s: %s is already in another file", name, key))
			}
			out[key] = text
		}
	}
	return out
}

func must(raw []byte, err error) []byte {
	if err != nil {
		panic(err) // cannot happen: the files are compiled in
	}
	return raw
}

// flatten turns a tree of texts into key → text: {"format": {"size": {"kb": …}}} → "format.size.kb".
func flatten(name string, raw []byte) map[string]string {
	var tree map[string]any
	if err := json.Unmarshal(raw, &tree); err != nil {
		panic(fmt.Sprintf("locale: %s: %v", name, err))
	}
	out := map[string]string{}
	var walk func(prefix string, node map[string]any)
	walk = func(prefix string, node map[string]any) {
		for k, v := range node {
			switch v := v.(type) {
			case string:
				out[prefix+k] = v
			case map[string]any:
				walk(prefix+k+".", v)
			}
		}
	}
	walk("", tree)
	return out
}

var placeholder = regexp.MustCompile(`\{\{\s*(\w+)\s*\}\}`)

// T is the text of key in lang, else in French, else the key itself, with vars filled in. A
// "count" var (an int) chooses the plural form first, as the frontend does: key_zero for 0,
// then key_one or key_other.
func T(lang, key string, vars map[string]any) string {
	for _, l := range []string{Lang(lang), French} {
		if text, ok := lookup(l, key, vars); ok {
			return placeholder.ReplaceAllStringFunc(text, func(m string) string {
				name := placeholder.FindStringSubmatch(m)[1]
				if v, ok := vars[name]; ok {
					return fmt.Sprint(v)
				}
				return m
			})
		}
	}
	return key
}

// Has reports whether key has a text in French (every key has one in both languages: the
// frontend's tests check it, and TestEveryTextInBothLanguages the files the server reads).
func Has(key string) bool {
	_, ok := texts[French][key]
	return ok
}

func lookup(lang, key string, vars map[string]any) (string, bool) {
	m := texts[lang]
	if n, ok := vars["count"].(int); ok {
		if n == 0 {
			if s, ok := m[key+"_zero"]; ok {
				return s, true
			}
		}
		form := "_other"
		if (lang == French && n >= 0 && n < 2) || (lang == English && n == 1) {
			form = "_one"
		}
		if s, ok := m[key+form]; ok {
			return s, true
		}
	}
	s, ok := m[key]
	return s, ok
}

// Columns is the header row of a table (a CSV export) in lang: the text of prefix.column for
// each column, in the order given.
func Columns(lang, prefix string, columns ...string) []string {
	out := make([]string, len(columns))
	for i, column := range columns {
		out[i] = T(lang, prefix+"."+column, nil)
	}
	return out
}

// Day writes a calendar day as the interface does: « 25 nov. 2026 », « 25 Nov 2026 ».
func Day(lang string, t time.Time) string {
	months := strings.Split(T(lang, "format.monthsShort", nil), "|")
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

// DateTime writes t in loc as the interface does: « 2 déc. 2026 à 14:30 », « 2 Dec 2026 at 14:30 ».
func DateTime(lang string, t time.Time, loc *time.Location) string {
	t = t.In(loc)
	return T(lang, "format.dateTime", map[string]any{"date": Day(lang, t), "time": t.Format("15:04")})
}

var sizeUnits = []string{"bytes", "kb", "mb", "gb", "tb"}

// Size writes a byte count in powers of 1024 as the interface does: « 1,5 Go », « 1.5 GB ».
func Size(lang string, n int64) string {
	f, unit := float64(max(n, 0)), 0
	for f >= 1024 && unit < len(sizeUnits)-1 {
		f /= 1024
		unit++
	}
	if unit == 0 {
		return T(lang, "format.size.bytes", map[string]any{"value": n, "count": int(n)})
	}
	text := strings.TrimSuffix(fmt.Sprintf("%.1f", math.Round(f*10)/10), ".0")
	if Lang(lang) == French {
		text = strings.Replace(text, ".", ",", 1)
	}
	return T(lang, "format.size."+sizeUnits[unit], map[string]any{"value": text})
}
