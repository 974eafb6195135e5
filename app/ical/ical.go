// Package ical writes iCalendar (RFC 5545) feeds of all-day events: what calendar programs
// (Thunderbird, Outlook, Google Calendar) subscribe to by URL.
package ical

import (
	"bufio"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// ContentType is the media type of a feed.
const ContentType = "text/calendar; charset=utf-8"

// Calendar is a feed.
type Calendar struct {
	ProdID string // e.g. "-//BIGDATA CENTER//Portail client//FR"
	Name   string // shown by the calendar program (X-WR-CALNAME)
	// Refresh is how often subscribers are asked to read the feed again.
	Refresh time.Duration
	Events  []Event
}

// Event is an all-day event.
type Event struct {
	// UID must stay the same for the same thing across reads, so that a subscriber updates
	// the event instead of adding a copy.
	UID         string
	Day         time.Time // the calendar day (its year, month and day are used)
	Summary     string
	Description string
	URL         string
	Modified    time.Time // LAST-MODIFIED, written in UTC
}

// Write encodes cal with CRLF line ends, lines folded at 75 octets and TEXT values escaped.
// stamp is the DTSTAMP of every event (the time the feed is produced).
func Write(w io.Writer, cal Calendar, stamp time.Time) error {
	bw := bufio.NewWriter(w)
	line := func(name, value string) { writeFolded(bw, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", Text(cal.ProdID))
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	if cal.Name != "" {
		line("X-WR-CALNAME", Text(cal.Name))
	}
	if cal.Refresh > 0 {
		d := "PT" + strings.ToUpper(cal.Refresh.Truncate(time.Minute).String())
		d = strings.TrimSuffix(strings.TrimSuffix(d, "0S"), "0M") // PT1H0M0S → PT1H
		line("REFRESH-INTERVAL;VALUE=DURATION", d)
		line("X-PUBLISHED-TTL", d)
	}
	ds := stamp.UTC().Format("20060102T150405Z")
	for _, e := range cal.Events {
		day := time.Date(e.Day.Year(), e.Day.Month(), e.Day.Day(), 0, 0, 0, 0, time.UTC)
		line("BEGIN", "VEVENT")
		line("UID", Text(e.UID))
		line("DTSTAMP", ds)
		line("DTSTART;VALUE=DATE", day.Format("20060102"))
		// All-day events end, exclusively, the next day (RFC 5545, 3.6.1).
		line("DTEND;VALUE=DATE", day.AddDate(0, 0, 1).Format("20060102"))
		line("SUMMARY", Text(e.Summary))
		if e.Description != "" {
			line("DESCRIPTION", Text(e.Description))
		}
		if e.URL != "" {
			line("URL", e.URL)
		}
		if !e.Modified.IsZero() {
			line("LAST-MODIFIED", e.Modified.UTC().Format("20060102T150405Z"))
		}
		// A deadline is not a meeting: it must not mark the subscriber as busy.
		line("TRANSP", "TRANSPARENT")
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return bw.Flush()
}

// Text escapes a TEXT value: backslash, semicolon, comma and line breaks (RFC 5545, 3.3.11).
func Text(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`, "\r", `\n`)
	return r.Replace(s)
}

// writeFolded writes one content line, folded so that no line exceeds 75 octets (the CRLF
// aside), never inside a UTF-8 sequence; each continuation starts with a space (3.1).
func writeFolded(w *bufio.Writer, l string) {
	limit := 75
	for len(l) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(l[cut]) {
			cut--
		}
		w.WriteString(l[:cut])
		w.WriteString("\r\n ")
		l = l[cut:]
		limit = 74 // the leading space counts
	}
	w.WriteString(l)
	w.WriteString("\r\n")
}
