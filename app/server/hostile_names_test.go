package server

import (
	"fmt"
	"strings"
	"testing"
)

// TestFileNamesThatLie: a name that displays as another (bidirectional controls), ends with the
// dots and spaces Windows drops, or hides its type in capitals is refused by the default deny
// list on what the recipient's system will really see; an accepted one is stored without its
// invisible characters, for deliverables and for a client's attachments alike.
func TestFileNamesThatLie(t *testing.T) {
	h, adm := newAdminHarness(t)
	deliverables := fmt.Sprintf("/api/v1/admin/projects/%d/deliverables", h.cast.ProjectA.ID)
	attachments := fmt.Sprintf("/api/v1/projects/%d/attachments", h.cast.ProjectA.ID)
	a1 := h.login(h.cast.A1.Email)
	keys, _ := h.fs.Keys()
	for _, c := range []struct{ name, ext string }{
		{"facture\u202Efdp.exe", ".exe"}, // shows as « factureexe.pdf »
		{"outil.scr.", ".scr"},
		{"outil.hta. .", ".hta"},
		{"OUTIL.EXE", ".exe"},
		{"installe.Msi  ", ".msi"},
		{"script\u2066.ps1\u2069", ".ps1"},
		{"lanceur.bat\u200B", ".bat"},
		{"commande.cmd", ".cmd"},
		{"programme.com", ".com"},
		{"appli.jar", ".jar"},
		{"page.js", ".js"},
		{"image.vbs", ".vbs"},
	} {
		for _, route := range []struct {
			who *browser
			url string
		}{{adm, deliverables}, {a1, attachments}} {
			r := route.who.do("POST", route.url, rawFile{c.name, []byte("MZ")})
			if r.status != 422 || !strings.Contains(decodeError(t, r.body).Message, "« "+c.ext+" » ne sont pas acceptés") {
				t.Errorf("%s %q = %d %s, want « %s » refused", route.url, c.name, r.status, r.body, c.ext)
			}
		}
	}
	if after, _ := h.fs.Keys(); len(after) != len(keys) {
		t.Fatalf("refused uploads left files: %d → %d", len(keys), len(after))
	}

	// Accepted names lose what would make them lie; joiners, which move nothing, stay.
	r := adm.do("POST", deliverables, rawFile{"rapport\u202Efdp\u200B.pdf. ", []byte("%PDF-1.4")})
	if r.status != 201 {
		t.Fatalf("upload = %d %s", r.status, r.body)
	}
	r = a1.do("POST", attachments, rawFile{"\u200Fcapture\u061C \u2067famille 👨\u200D👩\u2069.png", []byte("\x89PNG")})
	if r.status != 201 {
		t.Fatalf("attachment = %d %s", r.status, r.body)
	}
	var att struct {
		FileName string `json:"file_name"`
	}
	r.json(t, &att)
	if att.FileName != "capture famille 👨\u200D👩.png" {
		t.Errorf("attachment stored as %q", att.FileName)
	}
	var stored string
	if err := h.db.SQL().QueryRow("SELECT file_name FROM deliverable_versions ORDER BY id DESC LIMIT 1").Scan(&stored); err != nil || stored != "rapportfdp.pdf" {
		t.Errorf("deliverable stored as %q, %v; want « rapportfdp.pdf »", stored, err)
	}
}

// TestNamesLoseFormatCharacters: client, project and user names keep no bidirectional control
// or other invisible format character, whoever types them.
func TestNamesLoseFormatCharacters(t *testing.T) {
	h, adm := newAdminHarness(t)
	var client struct {
		ID   int64
		Name string
	}
	r := adm.do("POST", "/api/v1/admin/clients", map[string]string{"name": "Société\u202E Nord\u2066\u00AD"})
	if r.status != 201 {
		t.Fatalf("create client = %d %s", r.status, r.body)
	}
	r.json(t, &client)
	var project struct{ Name string }
	r = adm.do("POST", "/api/v1/admin/projects", map[string]any{"client_id": client.ID, "name": "\u200EProjet\u202D Sud\uFEFF"})
	if r.status != 201 {
		t.Fatalf("create project = %d %s", r.status, r.body)
	}
	r.json(t, &project)
	r = adm.do("POST", "/api/v1/admin/users", map[string]any{"email": "bidi@exemple.fr", "name": "Zoé\u202B Ouest\U000E0041",
		"role": "client", "client_id": client.ID})
	if r.status != 201 {
		t.Fatalf("invite = %d %s", r.status, r.body)
	}
	a1 := h.login(h.cast.A1.Email)
	if r := a1.do("PATCH", "/api/v1/account", map[string]string{"name": "Anne\u2068 Est\u2069", "language": "fr"}); r.status != 200 {
		t.Fatalf("account = %d %s", r.status, r.body)
	}
	// Only invisible characters: as empty as no name at all.
	if r := adm.do("POST", "/api/v1/admin/clients", map[string]string{"name": "\u202E\u200B"}); r.status != 422 {
		t.Errorf("a name of format characters only = %d %s", r.status, r.body)
	}
	var user, account string
	_ = h.db.SQL().QueryRow("SELECT name FROM users WHERE email = 'bidi@exemple.fr'").Scan(&user)
	_ = h.db.SQL().QueryRow("SELECT name FROM users WHERE id = ?", h.cast.A1.ID).Scan(&account)
	for _, c := range [][2]string{{client.Name, "Société Nord"}, {project.Name, "Projet Sud"}, {user, "Zoé Ouest"}, {account, "Anne Est"}} {
		if c[0] != c[1] {
			t.Errorf("stored %q (%+q), want %q", c[0], c[0], c[1])
		}
	}
}
