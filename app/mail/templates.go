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
)

// The data of each template. Dates arrive already written (locale.DateTime), so that the
// templates hold no logic and the caller chooses the language and the time zone.
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
		Name, SettingsLink string
		Digest             bool   // the daily digest, rather than a burst sent at once
		Count              int    // how many events
		First              string // the first event's title: the subject of a single event
		Groups             []NotificationGroup
	}
	// NotificationGroup is the events of one project (Project empty: of the portal as a whole).
	NotificationGroup struct {
		Project, Link string
		Items         []NotificationItem
	}
	// NotificationItem is one event, written in the recipient's language.
	NotificationItem struct {
		Title, Body string
	}
)

// Each e-mail NAME is two files per language LANG: NAME.LANG.txt.tmpl defines "subject" and
// "content" (text), and NAME.LANG.html.tmpl defines "content" (HTML). The layouts, one for every
// language, wrap the content with the sentences of frames below. The HTML goes through
// html/template, which escapes every value for its context: a name cannot inject markup and a
// link that is not http(s) or mailto becomes harmless.
//
//go:embed templates/*.tmpl
var templateFiles embed.FS

type emailTemplate struct {
	text *texttemplate.Template
	html *htmltemplate.Template
}

// frame is what the layouts say in each language.
type frame struct{ Header, Footer, Help string }

var frames = map[string]frame{
	"fr": {Header: "BIGDATA CENTER - Portail client",
		Footer: "Ceci est un message automatique du portail client BIGDATA CENTER\u00a0: merci de ne pas y répondre.",
		Help:   "Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur\u00a0:"},
	"en": {Header: "BIGDATA CENTER - Client portal",
		Footer: "This is an automatic message from the BIGDATA CENTER client portal: please do not reply.",
		Help:   "If the button does not work, copy this link into your browser:"},
}

// templates are parsed once at start, by name and language: they are part of the binary, so a
// broken or missing one is a programming error that the tests catch.
var templates = mustParseTemplates()

type button struct{ Link, Label, Help string }

func mustParseTemplates() map[string]map[string]emailTemplate {
	texts, err := fs.Glob(templateFiles, "templates/*.*.txt.tmpl")
	if err != nil {
		panic(err)
	}
	out := map[string]map[string]emailTemplate{}
	for _, file := range texts {
		name, lang, _ := strings.Cut(strings.TrimSuffix(path.Base(file), ".txt.tmpl"), ".")
		help := frames[lang].Help
		funcs := map[string]any{"button": func(link, label string) button { return button{link, label, help} }}
		if out[name] == nil {
			out[name] = map[string]emailTemplate{}
		}
		out[name][lang] = emailTemplate{
			text: texttemplate.Must(texttemplate.New(name).Funcs(funcs).
				ParseFS(templateFiles, "templates/layout.txt.tmpl", "templates/"+name+"."+lang+".txt.tmpl")),
			html: htmltemplate.Must(htmltemplate.New(name).Funcs(funcs).
				ParseFS(templateFiles, "templates/layout.html.tmpl", "templates/"+name+"."+lang+".html.tmpl")),
		}
	}
	return out
}

// Render writes the e-mail name in lang ("fr" or "en"; French when the language has no
// template) with data (the matching struct above): its subject, text and HTML versions, ready
// for a Message or the outbox.
func Render(name, lang string, data any) (subject, text, html string, err error) {
	t, ok := templates[name][lang]
	if !ok {
		lang = "fr"
		t, ok = templates[name][lang]
	}
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
		frame
		Subject, Lang string
		Data          any
	}{frames[lang], subject, lang, data}
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
