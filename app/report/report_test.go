package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/portal"
	"github.com/bigdatacenter/portal/app/store"
)

func sample() portal.ProjectReport {
	due := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	var r portal.ProjectReport
	r.GeneratedAt, r.TimeZone = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC), time.UTC
	r.Project.Name, r.Project.ClientName, r.Project.Status = "=SOMME(A1)", "Œuvres « Été »", "en_cours"
	r.Project.Progress = portal.Progress{Percent: 50, Done: 1, Total: 2}
	r.Project.Milestones = []portal.MilestoneView{{Milestone: store.Milestone{Title: "Maquettes", State: "a_venir", DueDate: &due}, Overdue: true}}
	r.OpenItems = []portal.OpenItem{{Title: "Maquettes", Due: &due}}
	return r
}

func TestCSVNeutralisesFormulasAndKeepsAccents(t *testing.T) {
	var b bytes.Buffer
	if err := CSV(&b, "fr", []portal.ProjectReport{sample()}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "\ufeffprojet;client;") {
		t.Fatalf("header: %q", out[:40])
	}
	// The project name is a cell: it starts with "=" and must not run as a formula.
	if !strings.Contains(out, "\n'=SOMME(A1);") || !strings.Contains(out, "Œuvres « Été »") || !strings.Contains(out, "étape;Maquettes;À venir (retard);2026-11-20") ||
		!strings.Contains(out, "point ouvert;Étape en retard : Maquettes (prévue le 20 nov. 2026)") {
		t.Fatalf("CSV:\n%s", out)
	}
}

func TestCSVInEnglish(t *testing.T) {
	var b bytes.Buffer
	if err := CSV(&b, "en", []portal.ProjectReport{sample()}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{"\ufeffproject;client;status;progress (%);", ";In progress;50;1;2;step;Maquettes;Upcoming (late);2026-11-20",
		"open item;Overdue step: Maquettes (due on 20 Nov 2026)"} {
		if !strings.Contains(out, want) {
			t.Errorf("English CSV lacks %q:\n%s", want, out)
		}
	}
	for _, french := range []string{"étape", "En cours", "retard", "prévue"} {
		if strings.Contains(out, french) {
			t.Errorf("English CSV says %q:\n%s", french, out)
		}
	}
}

func TestPDFIsAPDFEvenWithoutProjects(t *testing.T) {
	for _, reports := range [][]portal.ProjectReport{nil, {sample()}} {
		var b bytes.Buffer
		if err := PDF(&b, "fr", "Rapport « test »", reports); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) || b.Len() < 500 {
			t.Fatalf("not a PDF (%d bytes)", b.Len())
		}
	}
}

func TestPDFInEnglish(t *testing.T) {
	var b bytes.Buffer
	r := sample()
	r.Language = "en"
	if err := PDF(&b, "en", "Alpha", []portal.ProjectReport{r}); err != nil {
		t.Fatal(err)
	}
	// fpdf compresses page streams; the document's title is in its metadata, in UTF-16.
	var utf16 []byte
	for _, c := range []byte("Follow-up report") {
		utf16 = append(utf16, 0, c)
	}
	if !bytes.Contains(b.Bytes(), utf16) {
		t.Fatal("the English PDF is not entitled in English")
	}
	if got := Title("en", "Alpha"); got != "Follow-up report — Alpha" {
		t.Errorf("Title = %q", got)
	}
}
