package mail

import (
	"slices"
	"strings"
	"testing"
)

// sample is valid data for every template.
var sample = map[string]any{
	"invitation": Invitation{Name: "Jean Dupont", InviterName: "Marie Martin", CompanyName: "Acme SARL",
		Link: "https://portail.example.test/invitation/abc", ExpiresAt: "2 déc. 2026 à 14:30"},
	"password_reset":   PasswordReset{Name: "Jean Dupont", Link: "https://portail.example.test/reinitialisation/xyz", ExpiresAt: "2 déc. 2026 à 14:30"},
	"password_changed": PasswordChanged{Name: "Jean Dupont", When: "2 déc. 2026 à 14:30"},
	"notifications": Notifications{Name: "Jean Dupont", Count: 3, First: "Nouveau message de Awa",
		SettingsLink: "https://portail.example.test/mon-compte#notifications",
		Groups: []NotificationGroup{{Project: "Site vitrine", Link: "https://portail.example.test/projets/4",
			Items: []NotificationItem{{Title: "Nouveau message de Awa", Body: "Bonjour, voici la maquette."}, {Title: "Étape livrée : Maquettes 2 déc. 2026 à 14:30"}}}}},
}

func TestEveryTemplateRenders(t *testing.T) {
	if got, want := Templates(), []string{"invitation", "notifications", "password_changed", "password_reset"}; !slices.Equal(got, want) {
		t.Fatalf("Templates() = %v, want %v", got, want)
	}
	words := map[string][]string{
		"fr": {"Bonjour Jean Dupont,", "2 déc. 2026 à 14:30", "Ceci est un message automatique du portail client"},
		"en": {"Hello Jean Dupont,", "2 déc. 2026 à 14:30", "This is an automatic message from the BIGDATA CENTER client portal"},
	}
	for _, name := range Templates() {
		for lang, want := range words {
			t.Run(name+"."+lang, func(t *testing.T) {
				testTemplate(t, name, lang, want)
			})
		}
	}
}

func testTemplate(t *testing.T, name, lang string, words []string) {
	data, ok := sample[name]
	if !ok {
		t.Fatalf("no sample data for %q: add one", name)
	}
	if _, ok := templates[name][lang]; !ok {
		t.Fatalf("no %s template for %q", lang, name)
	}
	subject, text, html, err := Render(name, lang, data)
	if err != nil {
		t.Fatal(err)
	}
	if subject == "" || strings.ContainsAny(subject, "\r\n") || !strings.Contains(subject, "BIGDATA CENTER") {
		t.Errorf("subject %q", subject)
	}
	for _, want := range words {
		if !strings.Contains(text, want) || !strings.Contains(html, strings.ReplaceAll(want, "'", "&#39;")) {
			t.Errorf("%q missing from the text or the HTML", want)
		}
	}
	for _, want := range []string{`<html lang="` + lang + `">`, "#8B1A1A", ">BIGDATA CENTER<", "<title>" + subject + "</title>", `role="presentation"`} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Contains(html, "<style") || strings.Contains(html, "class=") {
		t.Error("HTML e-mails use inline styles only")
	}
	if link := linkOf(data); link != "" {
		// In the text version the link stands alone on its line, so that it can be
		// clicked or copied whole.
		if !slices.Contains(strings.Split(text, "\n"), link) {
			t.Errorf("the link is not on a line of its own:\n%s", text)
		}
		if !strings.Contains(html, `href="`+link+`"`) {
			t.Errorf("HTML lacks the link button")
		}
	}
}

func TestNotificationSubjects(t *testing.T) {
	n := sample["notifications"].(Notifications)
	for _, c := range []struct {
		lang   string
		count  int
		digest bool
		want   string
	}{
		{"fr", 3, false, "3 nouveautés sur le portail BIGDATA CENTER"},
		{"fr", 1, false, "Nouveau message de Awa"},
		{"fr", 1, true, "Votre résumé du portail BIGDATA CENTER : 1 nouveauté"},
		{"en", 3, false, "3 updates on the BIGDATA CENTER portal"},
		{"en", 2, true, "Your BIGDATA CENTER portal digest: 2 updates"},
	} {
		n.Count, n.Digest = c.count, c.digest
		subject, text, _, err := Render("notifications", c.lang, n)
		if err != nil || subject != c.want {
			t.Errorf("%s %d %v: %q %v, want %q", c.lang, c.count, c.digest, subject, err, c.want)
		}
		if group := map[string]string{"fr": "Projet Site vitrine", "en": "Project Site vitrine"}[c.lang]; !strings.Contains(text, group) {
			t.Errorf("%s: no %q heading:\n%s", c.lang, group, text)
		}
	}
}

func linkOf(data any) string {
	switch d := data.(type) {
	case Invitation:
		return d.Link
	case PasswordReset:
		return d.Link
	case Notifications:
		return d.Groups[0].Link
	}
	return ""
}

func TestInvitationNamesTheCompanyOrTheTeam(t *testing.T) {
	inv := sample["invitation"].(Invitation)
	subject, text, _, err := Render("invitation", "fr", inv)
	if err != nil || subject != "Invitation au portail client BIGDATA CENTER" || !strings.Contains(text, "Marie Martin vous invite") ||
		!strings.Contains(text, "pour suivre les projets de Acme SARL.") {
		t.Fatalf("client invitation: %q %v\n%s", subject, err, text)
	}
	inv.CompanyName = ""
	_, text, html, err := Render("invitation", "fr", inv)
	if err != nil || !strings.Contains(text, "en tant que membre de l'équipe.") || strings.Contains(html, "<strong></strong>") {
		t.Fatalf("staff invitation: %v\n%s", err, text)
	}
}

func TestPasswordChangedSaysWhatToDo(t *testing.T) {
	_, text, _, err := Render("password_changed", "fr", sample["password_changed"])
	if err != nil || !strings.Contains(text, "Si ce n'est pas vous, contactez sans attendre l'équipe BIGDATA CENTER") {
		t.Fatalf("%v\n%s", err, text)
	}
}

func TestTemplatesEscapeUserValues(t *testing.T) {
	evil := `<script>alert("x")</script>`
	_, text, html, err := Render("invitation", "fr", Invitation{Name: evil, InviterName: evil + "\r\nBcc: x@example.test",
		CompanyName: `<img src=x onerror=alert(1)>`, Link: `javascript:alert(1)`, ExpiresAt: "demain"})
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "<img", `href="javascript:`} {
		if strings.Contains(html, bad) {
			t.Errorf("HTML contains %q unescaped", bad)
		}
	}
	if !strings.Contains(html, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Errorf("the name is not shown escaped:\n%s", html)
	}
	if !strings.Contains(html, `href="#ZgotmplZ"`) {
		t.Error("a javascript: link was not neutralised")
	}
	// The text version is plain text: shown as typed, which is harmless there.
	if !strings.Contains(text, "Bonjour "+evil+",") {
		t.Errorf("text version:\n%s", text)
	}
}

func TestRenderRejectsUnknownTemplatesAndData(t *testing.T) {
	if _, _, _, err := Render("nope", "fr", nil); err == nil {
		t.Error("an unknown template rendered")
	}
	if _, _, _, err := Render("invitation", "fr", PasswordChanged{Name: "x"}); err == nil {
		t.Error("invitation rendered with the data of another e-mail")
	}
}
