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
	r.OpenItems = []string{"Étape en retard : Maquettes (prévue le 20/11/2026)"}
	return r
}

func TestCSVNeutralisesFormulasAndKeepsAccents(t *testing.T) {
	var b bytes.Buffer
	if err := CSV(&b, []portal.ProjectReport{sample()}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if !strings.HasPrefix(out, "\ufeffprojet;client;") {
		t.Fatalf("header: %q", out[:40])
	}
	// The project name is a cell: it starts with "=" and must not run as a formula.
	if !strings.Contains(out, "\n'=SOMME(A1);") || !strings.Contains(out, "Œuvres « Été »") || !strings.Contains(out, "étape;Maquettes;À venir (retard);2026-11-20") {
		t.Fatalf("CSV:\n%s", out)
	}
}

func TestPDFIsAPDFEvenWithoutProjects(t *testing.T) {
	for _, reports := range [][]portal.ProjectReport{nil, {sample()}} {
		var b bytes.Buffer
		if err := PDF(&b, "Rapport « test »", reports); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) || b.Len() < 500 {
			t.Fatalf("not a PDF (%d bytes)", b.Len())
		}
	}
}
