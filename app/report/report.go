// Package report renders follow-up reports (« rapports de suivi ») as PDF and CSV.
package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/bigdatacenter/portal/app/csvout"
	"github.com/bigdatacenter/portal/app/portal"
)

var (
	statusLabel   = map[string]string{"en_cours": "En cours", "en_pause": "En pause", "termine": "Terminé"}
	scheduleLabel = map[string]string{"on_time": "Dans les temps", "at_risk": "À risque", "late": "En retard"}
	stepLabel     = map[string]string{"a_venir": "À venir", "en_cours": "En cours", "livree": "Livrée", "validee": "Validée"}
	versionLabel  = map[string]string{"en_attente": "En attente de validation", "valide": "Validé", "modifications": "Modifications demandées"}
	months        = [...]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}
)

func frenchDate(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

func day(t *time.Time) string {
	if t == nil {
		return "—"
	}
	return frenchDate(*t)
}

func when(t *time.Time, loc *time.Location) string {
	if t == nil {
		return "—"
	}
	l := t.In(loc)
	return frenchDate(l) + l.Format(" 15:04")
}

// brand is the company's dark red.
var brand = [3]int{0x8B, 0x1A, 0x1A}

// PDF writes the reports of one or more projects, one after the other, as an A4 document.
func PDF(w io.Writer, title string, reports []portal.ProjectReport) error {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(title, true)
	pdf.SetAuthor("BIGDATA CENTER", true)
	pdf.SetCreator("Portail client BIGDATA CENTER", true)
	pdf.SetMargins(15, 15, 15)
	pdf.SetAutoPageBreak(true, 15)
	// The core fonts speak Windows-1252, which has every French letter, « », œ and €.
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetFooterFunc(func() {
		pdf.SetY(-12)
		pdf.SetFont("Helvetica", "", 8)
		pdf.SetTextColor(90, 90, 90)
		pdf.CellFormat(0, 5, tr(fmt.Sprintf("BIGDATA CENTER — %s — page %d", title, pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	for _, r := range reports {
		writeProject(pdf, tr, r)
	}
	if len(reports) == 0 {
		pdf.AddPage()
		pdf.SetFont("Helvetica", "", 11)
		pdf.MultiCell(0, 6, tr("Aucun projet pour ce client."), "", "L", false)
	}
	return pdf.Output(w)
}

func writeProject(pdf *fpdf.Fpdf, tr func(string) string, r portal.ProjectReport) {
	p := r.Project
	pdf.AddPage()
	pdf.SetFillColor(brand[0], brand[1], brand[2])
	pdf.SetTextColor(255, 255, 255)
	pdf.SetFont("Helvetica", "B", 15)
	pdf.CellFormat(0, 12, tr("Rapport de suivi — "+p.Name), "", 1, "L", true, 0, "")
	pdf.SetTextColor(30, 30, 30)
	pdf.SetFont("Helvetica", "", 9)
	pdf.CellFormat(0, 6, tr(fmt.Sprintf("Client : %s — établi le %s", p.ClientName, when(&r.GeneratedAt, r.TimeZone))), "", 1, "L", false, 0, "")
	pdf.Ln(2)

	section(pdf, tr, "Situation")
	rows := [][2]string{
		{"Statut", statusLabel[p.Status]},
		{"Avancement", fmt.Sprintf("%d %% — étape %d sur %d", p.Progress.Percent, p.Progress.Done, p.Progress.Total)},
		{"Planning", scheduleLabel[string(p.Schedule)]},
		{"Début", day(p.StartDate)},
		{"Échéance", day(p.Deadline)},
		{"Responsable", orDash(p.ManagerName)},
		{"Étapes", fmt.Sprintf("%d livrée(s) à temps, %d en retard, %d en retard non livrée(s)", r.MetOnTime, r.MetLate, r.Missed)},
	}
	for _, kv := range rows {
		pdf.SetFont("Helvetica", "B", 10)
		pdf.CellFormat(40, 6, tr(kv[0]), "", 0, "L", false, 0, "")
		pdf.SetFont("Helvetica", "", 10)
		pdf.CellFormat(0, 6, tr(kv[1]), "", 1, "L", false, 0, "")
	}
	if strings.TrimSpace(p.Description) != "" {
		pdf.Ln(1)
		pdf.SetFont("Helvetica", "", 9)
		pdf.MultiCell(0, 5, tr(p.Description), "", "L", false)
	}

	section(pdf, tr, "Étapes")
	header(pdf, tr, []float64{70, 28, 30, 52}, []string{"Étape", "Prévue le", "État", "Livrée / validée"})
	for _, m := range p.Milestones {
		state := stepLabel[m.State]
		if m.Overdue {
			state += " (retard)"
		}
		done := when(m.DeliveredAt, r.TimeZone)
		if m.ValidatedAt != nil {
			done += " / " + when(m.ValidatedAt, r.TimeZone)
		}
		line(pdf, tr, []float64{70, 28, 30, 52}, []string{m.Title, day(m.DueDate), state, done})
	}
	if len(p.Milestones) == 0 {
		note(pdf, tr, "Aucune étape définie.")
	}

	section(pdf, tr, "Livrables et décisions")
	if len(r.Deliverables) == 0 {
		note(pdf, tr, "Aucun livrable.")
	}
	for _, d := range r.Deliverables {
		if len(d.Versions) == 0 {
			continue
		}
		v := d.Versions[0]
		pdf.SetFont("Helvetica", "B", 10)
		pdf.MultiCell(0, 6, tr(fmt.Sprintf("%s — v%d — %s", d.Title, v.Number, versionLabel[v.Status])), "", "L", false)
		pdf.SetFont("Helvetica", "", 9)
		for _, c := range d.Decisions[v.ID] {
			text := fmt.Sprintf("%s le %s : %s", c.ByName, when(&c.At, r.TimeZone), versionLabel[c.Decision])
			if c.Comment != "" {
				text += " — « " + c.Comment + " »"
			}
			pdf.MultiCell(0, 5, tr(text), "", "L", false)
		}
	}

	section(pdf, tr, "Points ouverts")
	if len(r.OpenItems) == 0 {
		note(pdf, tr, "Aucun point ouvert.")
	}
	for _, it := range r.OpenItems {
		pdf.SetFont("Helvetica", "", 10)
		pdf.MultiCell(0, 6, tr("• "+it), "", "L", false)
	}

	section(pdf, tr, "Échanges récents")
	if len(r.Messages) == 0 {
		note(pdf, tr, "Aucun message.")
	}
	for _, m := range r.Messages {
		if m.DeletedAt != nil {
			continue
		}
		pdf.SetFont("Helvetica", "B", 9)
		pdf.MultiCell(0, 5, tr(fmt.Sprintf("%s — %s", m.AuthorName, when(&m.CreatedAt, r.TimeZone))), "", "L", false)
		pdf.SetFont("Helvetica", "", 9)
		body := m.Body
		if rs := []rune(body); len(rs) > 600 {
			body = string(rs[:599]) + "…"
		}
		pdf.MultiCell(0, 5, tr(body), "", "L", false)
		pdf.Ln(1)
	}
}

func section(pdf *fpdf.Fpdf, tr func(string) string, title string) {
	pdf.Ln(4)
	pdf.SetFont("Helvetica", "B", 12)
	pdf.SetTextColor(brand[0], brand[1], brand[2])
	pdf.CellFormat(0, 8, tr(title), "B", 1, "L", false, 0, "")
	pdf.SetTextColor(30, 30, 30)
	pdf.Ln(1)
}

func header(pdf *fpdf.Fpdf, tr func(string) string, widths []float64, cells []string) {
	pdf.SetFont("Helvetica", "B", 9)
	pdf.SetFillColor(245, 235, 235)
	for i, c := range cells {
		pdf.CellFormat(widths[i], 6, tr(c), "1", 0, "L", true, 0, "")
	}
	pdf.Ln(-1)
}

func line(pdf *fpdf.Fpdf, tr func(string) string, widths []float64, cells []string) {
	pdf.SetFont("Helvetica", "", 9)
	for i, c := range cells {
		// Cut what does not fit rather than overflow the column.
		txt, ellipsis := tr(c), tr("…")
		for pdf.GetStringWidth(txt) > widths[i]-2 && len(txt) > 2 {
			txt = strings.TrimSuffix(txt, ellipsis)
			txt = txt[:len(txt)-1] + ellipsis
		}
		pdf.CellFormat(widths[i], 6, txt, "1", 0, "L", false, 0, "")
	}
	pdf.Ln(-1)
}

func note(pdf *fpdf.Fpdf, tr func(string) string, text string) {
	pdf.SetFont("Helvetica", "I", 9)
	pdf.MultiCell(0, 5, tr(text), "", "L", false)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// CSV writes the reports as one table a spreadsheet opens: one row per step, deliverable and
// open item, with the project's figures on each row.
func CSV(w io.Writer, reports []portal.ProjectReport) error {
	cw := csvout.New(w)
	cw.Row("projet", "client", "statut", "avancement (%)", "étapes faites", "étapes", "type", "élément", "état", "date prévue", "date réelle")
	for _, r := range reports {
		p := r.Project
		base := []string{p.Name, p.ClientName, statusLabel[p.Status], fmt.Sprint(p.Progress.Percent), fmt.Sprint(p.Progress.Done), fmt.Sprint(p.Progress.Total)}
		row := func(kind, item, state, due, done string) {
			cw.Row(append(append([]string{}, base...), kind, item, state, due, done)...)
		}
		for _, m := range p.Milestones {
			state := stepLabel[m.State]
			if m.Overdue {
				state += " (retard)"
			}
			row("étape", m.Title, state, dayISO(m.DueDate), dayISO(m.DeliveredAt))
		}
		for _, d := range r.Deliverables {
			if len(d.Versions) > 0 {
				v := d.Versions[0]
				row("livrable", fmt.Sprintf("%s (v%d)", d.Title, v.Number), versionLabel[v.Status], "", dayISO(&v.UploadedAt))
			}
		}
		for _, it := range r.OpenItems {
			row("point ouvert", it, "", "", "")
		}
	}
	return cw.Flush()
}

func dayISO(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("2006-01-02")
}
