package server

import (
	"strings"
	"testing"

	"github.com/bigdatacenter/portal/app/portal/portaltest"
)

// Each CSV export is written in the reader's language: its header row, and the words it puts in
// cells (a retour's kind, priority and state, the yes of an edited message or internal note).
func TestExportsAreInTheReadersLanguage(t *testing.T) {
	h, adm := newAdminHarness(t)
	for _, c := range []struct {
		lang                      string
		retours, audit, messages  string // header rows
		retourCells, internalNote string
	}{
		{
			lang: "fr",
			retours: "numéro;ouvert le;client;projet;étape;type;priorité;état;titre;ouvert par;responsable;version;résolu le;" +
				"version corrective;clôturé le;réouvertures",
			audit:        "date;acteur;rôle;ip;action;cible;id cible;client;résultat;requête;résumé",
			messages:     "date;client;projet;auteur;rôle;message;modifié;note interne",
			retourCells:  ";Anomalie;Majeur;Nouveau;Faute dans le cahier des charges;",
			internalNote: ";" + portaltest.InternalNoteText + ";;oui\n",
		},
		{
			lang: "en",
			retours: "number;opened on;client;project;step;type;priority;status;title;opened by;assignee;version;resolved on;" +
				"fix version;closed on;reopenings",
			audit:        "date;actor;role;ip;action;target;target id;client;outcome;request;summary",
			messages:     "date;client;project;author;role;message;edited;internal note",
			retourCells:  ";Issue;Major;New;Faute dans le cahier des charges;",
			internalNote: ";" + portaltest.InternalNoteText + ";;yes\n",
		},
	} {
		if r := adm.do("PATCH", "/api/v1/account", map[string]string{"name": h.cast.Admin.Name, "language": c.lang}); r.status != 200 {
			t.Fatalf("language %s = %d %s", c.lang, r.status, r.body)
		}
		retours := adm.do("GET", "/api/v1/admin/retours/export.csv", nil).body
		if header(retours) != c.retours || !strings.Contains(retours, c.retourCells) {
			t.Errorf("%s retours export:\n%s", c.lang, retours)
		}
		if audit := adm.do("GET", "/api/v1/admin/audit/export.csv", nil).body; header(audit) != c.audit {
			t.Errorf("%s audit export:\n%s", c.lang, audit)
		}
		messages := adm.do("GET", "/api/v1/admin/messages/export.csv?q=zanzibar", nil).body
		if header(messages) != c.messages || !strings.HasSuffix(messages, c.internalNote) {
			t.Errorf("%s exchanges export:\n%s", c.lang, messages)
		}
	}
}

// header is the first row of a CSV document, without its byte-order mark.
func header(csv string) string {
	first, _, _ := strings.Cut(strings.TrimPrefix(csv, "\ufeff"), "\n")
	return first
}
