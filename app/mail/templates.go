package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	texttemplate "text/template"
	"time"

	// The dates in e-mails are Paris time; embedding the zone database keeps them right on a
	// minimal system without tzdata.
	_ "time/tzdata"
)

// The data of each template. Dates arrive already written (FrenchDateTime), so that the
// templates hold no logic and the caller chooses the time zone.
type (
	// Invitation asks someone to choose a password and join the portal ("invitation").
	Invitation struct {
		Name        string // the person invited
		InviterName string // who invited them
		CompanyName string // their client company; empty for staff
		Link        string
		ExpiresAt   string
	}
	// PasswordReset carries a link to choose a new password ("password_reset").
	PasswordReset struct {
		Name, Link, ExpiresAt string
	}
	// PasswordChanged warns that the password changed ("password_changed").
	PasswordChanged struct {
		Name, When string
	}
	// Notifications gathers portal events in one e-mail ("notifications"): a burst on a
	// project, or a daily digest.
	Notifications struct {
		Name, Subject, Intro, SettingsLink string
		Groups                             []NotificationGroup
	}
	// NotificationGroup is the events of one project.
	NotificationGroup struct {
		Project, Link string
		Items         []NotificationItem
	}
	// NotificationItem is one event.
	NotificationItem struct {
		Title, Body string
	}
)

// Each e-mail NAME is two files: NAME.txt.tmpl defines "subject" and "content" (text), and
// NAME.html.tmpl defines "content" (HTML). The layouts wrap the content. The HTML goes through
// html/template, which escapes every value for its context: a name cannot inject markup and a
// link that is not http(s) or mailto becomes harmless.
//
//go:embed templates/*.tmpl
var templateFiles embed.FS

type emailTemplate struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// templates are parsed once at start: they are part of the binary, so a broken one is a
// programming error that the tests catch.
var templates = mustParseTemplates()

type button struct{ Link, Label string }

func mustParseTemplates() map[string]emailTemplate {
	funcs := map[string]any{"button": func(link, label string) button { return button{link, label} }}
	texts, err := fs.Glob(templateFiles, "templates/*.txt.tmpl")
	if err != nil {
		panic(err)
	}
	out := map[string]emailTemplate{}
	for _, file := range texts {
		name := strings.TrimSuffix(path.Base(file), ".txt.tmpl")
		if name == "layout" {
			continue
		}
		out[name] = emailTemplate{
			text: texttemplate.Must(texttemplate.New(name).Funcs(funcs).
				ParseFS(templateFiles, "templates/layout.txt.tmpl", "templates/"+name+".txt.tmpl")),
			html: htmltemplate.Must(htmltemplate.New(name).Funcs(funcs).
				ParseFS(templateFiles, "templates/layout.html.tmpl", "templates/"+name+".html.tmpl")),
		}
	}
	return out
}

// Render writes the e-mail name with data (the matching struct above): its subject, text and
// HTML versions, ready for a Message or the outbox.
func Render(name string, data any) (subject, text, html string, err error) {
	t, ok := templates[name]
	if !ok {
		return "", "", "", fmt.Errorf("mail: no e-mail template %q", name)
	}
	var b bytes.Buffer
	if err := t.text.ExecuteTemplate(&b, "subject", data); err != nil {
		return "", "", "", fmt.Errorf("mail: %s subject: %w", name, err)
	}
	// One line whatever the data holds: a header cannot carry a line break.
	subject = strings.Join(strings.Fields(b.String()), " ")

	view := struct {
		Subject string
		Data    any
	}{subject, data}
	b.Reset()
	if err := t.text.ExecuteTemplate(&b, "layout", view); err != nil {
		return "", "", "", fmt.Errorf("mail: %s text: %w", name, err)
	}
	text = b.String()
	b.Reset()
	if err := t.html.ExecuteTemplate(&b, "layout", view); err != nil {
		return "", "", "", fmt.Errorf("mail: %s html: %w", name, err)
	}
	return subject, text, b.String(), nil
}

// Templates lists the e-mails Render knows.
func Templates() []string {
	return slices.Sorted(maps.Keys(templates))
}

var frenchMonths = [...]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}

var paris = mustLoadParis()

func mustLoadParis() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err) // cannot happen: time/tzdata is embedded
	}
	return loc
}

// FrenchDateTime writes t as French readers expect, « 2 déc. 2026 à 14:30 », in loc (Paris time
// when loc is nil).
func FrenchDateTime(t time.Time, loc *time.Location) string {
	if loc == nil {
		loc = paris
	}
	t = t.In(loc)
	return fmt.Sprintf("%d %s %d à %02d:%02d", t.Day(), frenchMonths[t.Month()-1], t.Year(), t.Hour(), t.Minute())
}
