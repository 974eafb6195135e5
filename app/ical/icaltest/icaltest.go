// Package icaltest reads iCalendar feeds back, strictly, for tests: it checks the framing that
// calendar programs rely on (CRLF line ends, lines of 75 octets at most, well-formed UTF-8,
// balanced BEGIN/END) and returns the events with their properties unescaped.
package icaltest

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Prop is one property: its parameters (e.g. VALUE=DATE) and its value, TEXT unescaped.
type Prop struct {
	Params map[string]string
	Value  string
}

// Component is a VCALENDAR or a VEVENT: its properties by name (the last one of a name wins).
type Component struct {
	Name  string
	Props map[string]Prop
}

// Feed is a parsed feed.
type Feed struct {
	Calendar Component
	Events   []Component
}

// Parse reads a feed, or says what breaks RFC 5545.
func Parse(data string) (Feed, error) {
	var f Feed
	if !strings.HasSuffix(data, "\r\n") {
		return f, fmt.Errorf("the feed does not end with CRLF")
	}
	raw := strings.Split(strings.TrimSuffix(data, "\r\n"), "\r\n")
	var lines []string
	for i, l := range raw {
		if strings.ContainsAny(l, "\r\n") {
			return f, fmt.Errorf("line %d has a bare CR or LF", i+1)
		}
		if len(l) > 75 {
			return f, fmt.Errorf("line %d is %d octets long (75 at most)", i+1, len(l))
		}
		if !utf8.ValidString(l) {
			return f, fmt.Errorf("line %d is cut inside a UTF-8 sequence", i+1)
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if len(lines) == 0 {
				return f, fmt.Errorf("line %d continues nothing", i+1)
			}
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	var stack []*Component
	for _, l := range lines {
		colon := strings.IndexByte(l, ':')
		if colon < 0 {
			return f, fmt.Errorf("content line without a colon: %q", l)
		}
		head, value := l[:colon], l[colon+1:]
		parts := strings.Split(head, ";")
		name := parts[0]
		p := Prop{Params: map[string]string{}, Value: value}
		for _, kv := range parts[1:] {
			k, v, _ := strings.Cut(kv, "=")
			p.Params[k] = v
		}
		switch name {
		case "BEGIN":
			stack = append(stack, &Component{Name: value, Props: map[string]Prop{}})
			continue
		case "END":
			if len(stack) == 0 || stack[len(stack)-1].Name != value {
				return f, fmt.Errorf("END:%s does not close the open component", value)
			}
			c := *stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch c.Name {
			case "VEVENT":
				f.Events = append(f.Events, c)
			case "VCALENDAR":
				f.Calendar = c
			}
			continue
		}
		if len(stack) == 0 {
			return f, fmt.Errorf("property %s outside any component", name)
		}
		if name != "URL" {
			var err error
			if p.Value, err = unescape(p.Value); err != nil {
				return f, fmt.Errorf("%s: %w", name, err)
			}
		}
		stack[len(stack)-1].Props[name] = p
	}
	if len(stack) != 0 || f.Calendar.Name != "VCALENDAR" {
		return f, fmt.Errorf("the feed is not one closed VCALENDAR")
	}
	return f, nil
}

// unescape reads a TEXT value; an unescaped comma or semicolon would be a list separator, so
// a TEXT meant as one value must not have any.
func unescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			case '\\', ';', ',':
				b.WriteByte(s[i])
			default:
				return "", fmt.Errorf("unknown escape \\%c", s[i])
			}
		case c == ',' || c == ';':
			return "", fmt.Errorf("unescaped %q in %q", c, s)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}
