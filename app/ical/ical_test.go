package ical_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/ical"
	"github.com/bigdatacenter/portal/app/ical/icaltest"
)

func TestFeedReadsBackFoldedAndEscaped(t *testing.T) {
	long := strings.Repeat("Éléphant, girafe; zèbre\\ ", 12) + "\nfin"
	cal := ical.Calendar{ProdID: "-//BIGDATA CENTER//Portail//FR", Name: "Échéances — Awa", Refresh: time.Hour, Events: []ical.Event{
		{UID: "task-1@portail.example", Day: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), Summary: "Tâche : " + long, Description: long,
			URL: "https://portail.example/projets/1", Modified: time.Date(2026, 12, 1, 10, 0, 0, 0, time.FixedZone("Paris", 3600))},
		{UID: "step-2@portail.example", Day: time.Date(2027, 2, 28, 0, 0, 0, 0, time.UTC), Summary: "Étape : Recette"},
	}}
	var buf bytes.Buffer
	stamp := time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)
	if err := ical.Write(&buf, cal, stamp); err != nil {
		t.Fatal(err)
	}
	f, err := icaltest.Parse(buf.String())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if f.Calendar.Props["VERSION"].Value != "2.0" || f.Calendar.Props["X-WR-CALNAME"].Value != "Échéances — Awa" ||
		f.Calendar.Props["REFRESH-INTERVAL"].Value != "PT1H" || f.Calendar.Props["PRODID"].Value == "" {
		t.Errorf("calendar properties: %+v", f.Calendar.Props)
	}
	if len(f.Events) != 2 {
		t.Fatalf("%d events", len(f.Events))
	}
	e := f.Events[0]
	if e.Props["SUMMARY"].Value != "Tâche : "+long || e.Props["DESCRIPTION"].Value != long {
		t.Errorf("text does not read back:\n%q", e.Props["SUMMARY"].Value)
	}
	if p := e.Props["DTSTART"]; p.Value != "20261231" || p.Params["VALUE"] != "DATE" {
		t.Errorf("DTSTART = %+v", p)
	}
	if p := e.Props["DTEND"]; p.Value != "20270101" || p.Params["VALUE"] != "DATE" {
		t.Errorf("DTEND (the next day, across the year) = %+v", p)
	}
	if e.Props["DTSTAMP"].Value != "20261207T080000Z" || e.Props["LAST-MODIFIED"].Value != "20261201T090000Z" {
		t.Errorf("times are not UTC: %+v %+v", e.Props["DTSTAMP"], e.Props["LAST-MODIFIED"])
	}
	if e.Props["UID"].Value != "task-1@portail.example" || e.Props["URL"].Value != "https://portail.example/projets/1" || e.Props["TRANSP"].Value != "TRANSPARENT" {
		t.Errorf("event: %+v", e.Props)
	}
	if f.Events[1].Props["DTEND"].Value != "20270301" {
		t.Errorf("end of February: %+v", f.Events[1].Props["DTEND"])
	}
	if !strings.Contains(buf.String(), "\r\n ") {
		t.Error("long lines were not folded")
	}
}

func TestParserCatchesBrokenFraming(t *testing.T) {
	for name, feed := range map[string]string{
		"LF only":       "BEGIN:VCALENDAR\nEND:VCALENDAR\n",
		"long line":     "BEGIN:VCALENDAR\r\nX-A:" + strings.Repeat("a", 80) + "\r\nEND:VCALENDAR\r\n",
		"cut UTF-8":     "BEGIN:VCALENDAR\r\nX-A:\xc3\r\n \xa9\r\nEND:VCALENDAR\r\n",
		"bare comma":    "BEGIN:VCALENDAR\r\nSUMMARY:a,b\r\nEND:VCALENDAR\r\n",
		"unclosed":      "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n",
		"no calendar":   "BEGIN:VEVENT\r\nEND:VEVENT\r\n",
		"without colon": "BEGIN:VCALENDAR\r\nSUMMARY\r\nEND:VCALENDAR\r\n",
	} {
		if _, err := icaltest.Parse(feed); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
