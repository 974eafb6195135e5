package locale

import (
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/timetest"
)

func TestDateTimeInBothLanguages(t *testing.T) {
	paris := timetest.Paris(t)
	for _, c := range []struct {
		lang string
		t    time.Time
		loc  *time.Location
		want string
	}{
		{"fr", time.Date(2026, 12, 2, 13, 30, 0, 0, time.UTC), paris, "2 déc. 2026 à 14:30"}, // Paris, winter: UTC+1
		{"fr", time.Date(2026, 7, 14, 8, 5, 0, 0, time.UTC), paris, "14 juil. 2026 à 10:05"}, // Paris, summer: UTC+2
		{"fr", time.Date(2027, 2, 1, 23, 59, 59, 0, time.UTC), time.UTC, "1 févr. 2027 à 23:59"},
		{"", time.Date(2027, 5, 31, 0, 0, 0, 0, time.UTC), time.UTC, "31 mai 2027 à 00:00"}, // no preference: French
		{"en", time.Date(2026, 12, 2, 13, 30, 0, 0, time.UTC), paris, "2 Dec 2026 at 14:30"},
		{"en", time.Date(2027, 9, 9, 7, 0, 0, 0, time.UTC), time.FixedZone("Réunion", 4*3600), "9 Sept 2027 at 11:00"},
	} {
		if got := DateTime(c.lang, c.t, c.loc); got != c.want {
			t.Errorf("DateTime(%q, %v) = %q, want %q", c.lang, c.t, got, c.want)
		}
	}
}

func TestSizeAndPluralsAsTheInterfaceWrites(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    int64
		want string
	}{
		{"fr", 1, "1\u00a0octet"}, {"fr", 820, "820\u00a0octets"}, {"fr", 1536, "1,5\u00a0Ko"}, {"fr", 12 << 20, "12\u00a0Mo"},
		{"en", 1, "1\u00a0byte"}, {"en", 0, "0\u00a0bytes"}, {"en", 1536, "1.5\u00a0KB"}, {"en", 3 << 30, "3\u00a0GB"},
	} { // a no-break space before the unit, as the interface writes it
		if got := Size(c.lang, c.n); got != c.want {
			t.Errorf("Size(%q, %d) = %q, want %q", c.lang, c.n, got, c.want)
		}
	}
	// French counts 0 and 1 as singular, English only 1.
	if got := T("fr", "format.duration.days", map[string]any{"count": 0}); got != "0 jour" {
		t.Errorf("fr 0 days: %q", got)
	}
	if got := T("en", "format.duration.days", map[string]any{"count": 0}); got != "0 days" {
		t.Errorf("en 0 days: %q", got)
	}
	if got := T("en", "no.such.key", nil); got != "no.such.key" {
		t.Errorf("unknown key: %q", got)
	}
	// A value not given leaves its placeholder visible, as in the frontend.
	if got := T("en", "notificationTexts.job_failure.title", nil); got != "Scheduled job failed: {{job}}" {
		t.Errorf("missing value: %q", got)
	}
}

// A text the server writes exists in both languages: T would quietly write the French one (or
// the key) to an English reader.
func TestEveryTextInBothLanguages(t *testing.T) {
	fr, en := texts[French], texts[English]
	for key, text := range fr {
		if en[key] == "" {
			t.Errorf("English has no %s (fr: %q)", key, text)
		}
	}
	for key, text := range en {
		if fr[key] == "" {
			t.Errorf("French has no %s (en: %q)", key, text)
		}
	}
	if fr["exports.audit.actor"] == "" {
		t.Fatal("the exports' words (exports.* in fr.admin.json) are not read")
	}
}

func TestColumnsAreAHeaderRowInTheReadersLanguage(t *testing.T) {
	if got := strings.Join(Columns("en", "exports.messages", "at", "internal"), ";"); got != "date;internal note" {
		t.Errorf("en = %q", got)
	}
	if got := strings.Join(Columns("", "exports.messages", "at", "internal"), ";"); got != "date;note interne" {
		t.Errorf("no preference = %q", got)
	}
}
