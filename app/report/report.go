// Package report renders follow-up reports (« rapports de suivi ») as PDF and CSV.
package report

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/bigdatacenter/portal/app/csvout"
	"github.com/bigdatacenter/portal/app/locale"
	"github.com/bigdatacenter/portal/app/portal"
)

// words are the report's own sentences in one language; the names of statuses, states and
// dates are the interface's (app/locale), so that the report says what the screens say.
type words struct {
	Title, Client, NoProjects, Page                                                string
	Situation, Status, Progress, ProgressValue, Schedule, Start, Deadline, Manager string
	Steps, StepsValue, StepCol, DueCol, StateCol, DoneCol, Late, NoSteps           string
	Deliverables, NoDeliverables, Decision, Open, NoOpen, OpenLate, OpenPending    string
	Exchanges, NoMessages                                                          string
	Retours, RetoursValue, RetoursDelays, NoRetours, RetourCol, OpenedCol          string
	Minutes, Hours, Days                                                           string
	CSVHeader                                                                      []string
	KindStep, KindDeliverable, KindOpen, KindRetour                                string
}

// vocabulary is read from words/<lang>.json, where translators find the report's sentences
// beside the interface's (printf verbs: %s, %d, %% stay as they are).
var vocabulary = map[string]*words{locale.French: mustWords(locale.French), locale.English: mustWords(locale.English)}

//go:embed words/*.json
var wordFiles embed.FS

// mustWords reads one language's words; a sentence missing from the file stops the program at
// start (the files are compiled in, so a test run sees it first).
func mustWords(lang string) *words {
	raw, err := wordFiles.ReadFile("words/" + lang + ".json")
	if err != nil {
		panic(err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	w := &words{}
	if err := dec.Decode(w); err != nil {
		panic(fmt.Sprintf("report: words/%s.json: %v", lang, err))
	}
	v := reflect.ValueOf(w).Elem()
	for i := range v.NumField() {
		if v.Field(i).IsZero() {
			panic(fmt.Sprintf("report: words/%s.json has no %s", lang, v.Type().Field(i).Name))
		}
	}
	return w
}

// speech is what writes a report in one language.
type speech struct {
	*words
	lang string
}

func speak(lang string) speech {
	lang = locale.Lang(lang)
	return speech{vocabulary[lang], lang}
}

// Title is the title of a report on name (a project or a client) in lang.
func Title(lang, name string) string { return fmt.Sprintf(speak(lang).Title, name) }

func (sp speech) label(group, value string) string { return locale.T(sp.lang, group+"."+value, nil) }

func (sp speech) day(t *time.Time) string {
	if t == nil {
		return "—"
	}
	return locale.Day(sp.lang, *t)
}

func (sp speech) when(t *time.Time, loc *time.Location) string {
	if t == nil {
		return "—"
	}
	return locale.DateTime(sp.lang, *t, loc)
}

func (sp speech) openItem(it portal.OpenItem) string {
	if it.Due != nil {
		return fmt.Sprintf(sp.OpenLate, it.Title, sp.day(it.Due))
	}
	return fmt.Sprintf(sp.OpenPending, it.Title, it.Version)
}

func (sp speech) stepState(m portal.MilestoneView) string {
	state := sp.label("milestones.state", m.State)
	if m.Overdue {
		state += sp.Late
	}
	return state
}

// duration writes a delay in seconds in the unit that reads best: minutes, hours, then days.
func (sp speech) duration(secs int64, count int) string {
	switch {
	case count == 0:
		return "—"
	case secs < 3600:
		return fmt.Sprintf(sp.Minutes, secs/60)
	case secs < 48*3600:
		return fmt.Sprintf(sp.Hours, secs/3600)
	}
	return fmt.Sprintf(sp.Days, secs/86400)
}

// retourFigures is the report's summary line of a project's retours.
func (sp speech) retourFigures(r portal.ProjectReport) (counts, delays string) {
	blocking := 0
	for _, x := range r.OpenRetours {
		if x.Priority == "bloquant" {
			blocking++
		}
	}
	st := r.Retours
	counts = fmt.Sprintf(sp.RetoursValue, len(r.OpenRetours), blocking, st.Opened, st.Resolved, st.Reopened, int(st.ReopenShare()*100+0.5))
	delays = fmt.Sprintf(sp.RetoursDelays, sp.duration(st.Acknowledge.MedianSecs, st.Acknowledge.Count), sp.duration(st.Acknowledge.P90Secs, st.Acknowledge.Count),
		sp.duration(st.Resolve.MedianSecs, st.Resolve.Count), sp.duration(st.Resolve.P90Secs, st.Resolve.Count))
	return counts, delays
}

// brand is the company's dark red.
var brand = [3]int{0x8B, 0x1A, 0x1A}

// PDF writes the reports of one or more projects, one after the other, as an A4 document in
// lang, entitled with Title(lang, name).
func PDF(w io.Writer, lang, name string, reports []portal.ProjectReport) error {
	sp := speak(lang)
	title := Title(lang, name)
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
		pdf.CellFormat(0, 5, tr("BIGDATA CENTER — "+title+" — "+fmt.Sprintf(sp.Page, pdf.PageNo())), "", 0, "C", false, 0, "")
	})
	for _, r := range reports {
		writeProject(pdf, tr, sp, r)
	}
	if len(reports) == 0 {
		pdf.AddPage()
		pdf.SetFont("Helvetica", "", 11)
		pdf.MultiCell(0, 6, tr(sp.NoProjects), "", "L", false)
	}
	return pdf.Output(w)
}

func writeProject(pdf *fpdf.Fpdf, tr func(string) string, sp speech, r portal.ProjectReport) {
	p := r.Project
	pdf.AddPage()
	pdf.SetFillColor(brand[0], brand[1], brand[2])
	pdf.SetTextColor(255, 255, 255)
	pdf.SetFont("Helvetica", "B", 15)
	pdf.CellFormat(0, 12, tr(fmt.Sprintf(sp.Title, p.Name)), "", 1, "L", true, 0, "")
	pdf.SetTextColor(30, 30, 30)
	pdf.SetFont("Helvetica", "", 9)
	pdf.CellFormat(0, 6, tr(fmt.Sprintf(sp.Client, p.ClientName, sp.when(&r.GeneratedAt, r.TimeZone))), "", 1, "L", false, 0, "")
	pdf.Ln(2)

	section(pdf, tr, sp.Situation)
	rows := [][2]string{
		{sp.Status, sp.label("projects.status", p.Status)},
		{sp.Progress, fmt.Sprintf(sp.ProgressValue, p.Progress.Percent, p.Progress.Done, p.Progress.Total)},
		{sp.Schedule, sp.label("projects.schedule", string(p.Schedule))},
		{sp.Start, sp.day(p.StartDate)},
		{sp.Deadline, sp.day(p.Deadline)},
		{sp.Manager, orDash(p.ManagerName)},
		{sp.Steps, fmt.Sprintf(sp.StepsValue, r.MetOnTime, r.MetLate, r.Missed)},
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

	section(pdf, tr, sp.Steps)
	header(pdf, tr, []float64{70, 28, 30, 52}, []string{sp.StepCol, sp.DueCol, sp.StateCol, sp.DoneCol})
	for _, m := range p.Milestones {
		done := sp.when(m.DeliveredAt, r.TimeZone)
		if m.ValidatedAt != nil {
			done += " / " + sp.when(m.ValidatedAt, r.TimeZone)
		}
		line(pdf, tr, []float64{70, 28, 30, 52}, []string{m.Title, sp.day(m.DueDate), sp.stepState(m), done})
	}
	if len(p.Milestones) == 0 {
		note(pdf, tr, sp.NoSteps)
	}

	section(pdf, tr, sp.Deliverables)
	if len(r.Deliverables) == 0 {
		note(pdf, tr, sp.NoDeliverables)
	}
	for _, d := range r.Deliverables {
		if len(d.Versions) == 0 {
			continue
		}
		v := d.Versions[0]
		pdf.SetFont("Helvetica", "B", 10)
		pdf.MultiCell(0, 6, tr(fmt.Sprintf("%s — v%d — %s", d.Title, v.Number, sp.label("deliverables.status", v.Status))), "", "L", false)
		pdf.SetFont("Helvetica", "", 9)
		for _, c := range d.Decisions[v.ID] {
			text := fmt.Sprintf(sp.Decision, c.ByName, sp.when(&c.At, r.TimeZone), sp.label("deliverables.status", c.Decision))
			if c.Comment != "" {
				text += " — « " + c.Comment + " »"
			}
			pdf.MultiCell(0, 5, tr(text), "", "L", false)
		}
	}

	section(pdf, tr, sp.Open)
	if len(r.OpenItems) == 0 {
		note(pdf, tr, sp.NoOpen)
	}
	for _, it := range r.OpenItems {
		pdf.SetFont("Helvetica", "", 10)
		pdf.MultiCell(0, 6, tr("• "+sp.openItem(it)), "", "L", false)
	}

	section(pdf, tr, sp.Retours)
	counts, delays := sp.retourFigures(r)
	pdf.SetFont("Helvetica", "", 10)
	pdf.MultiCell(0, 6, tr(counts), "", "L", false)
	pdf.MultiCell(0, 6, tr(delays), "", "L", false)
	if len(r.OpenRetours) == 0 {
		note(pdf, tr, sp.NoRetours)
	} else {
		widths := []float64{70, 30, 25, 30, 25}
		header(pdf, tr, widths, []string{sp.RetourCol, sp.label("retours.fields", "kind"), sp.label("retours.fields", "priority"),
			sp.StateCol, sp.OpenedCol})
		for _, x := range r.OpenRetours {
			line(pdf, tr, widths, []string{x.Title, sp.label("retours.kind", x.Kind), sp.label("retours.priority", x.Priority),
				sp.label("retours.status", x.Status), sp.day(&x.CreatedAt)})
		}
	}

	section(pdf, tr, sp.Exchanges)
	if len(r.Messages) == 0 {
		note(pdf, tr, sp.NoMessages)
	}
	for _, m := range r.Messages {
		if m.DeletedAt != nil {
			continue
		}
		pdf.SetFont("Helvetica", "B", 9)
		pdf.MultiCell(0, 5, tr(fmt.Sprintf("%s — %s", m.AuthorName, sp.when(&m.CreatedAt, r.TimeZone))), "", "L", false)
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

// CSV writes the reports as one table a spreadsheet opens, in lang: one row per step,
// deliverable and open item, with the project's figures on each row. Dates are ISO days, which
// every spreadsheet reads whatever its language.
func CSV(w io.Writer, lang string, reports []portal.ProjectReport) error {
	sp := speak(lang)
	cw := csvout.New(w)
	cw.Row(sp.CSVHeader...)
	for _, r := range reports {
		p := r.Project
		base := []string{p.Name, p.ClientName, sp.label("projects.status", p.Status), fmt.Sprint(p.Progress.Percent), fmt.Sprint(p.Progress.Done), fmt.Sprint(p.Progress.Total)}
		row := func(kind, item, state, due, done string) {
			cw.Row(append(append([]string{}, base...), kind, item, state, due, done)...)
		}
		for _, m := range p.Milestones {
			row(sp.KindStep, m.Title, sp.stepState(m), dayISO(m.DueDate), dayISO(m.DeliveredAt))
		}
		for _, d := range r.Deliverables {
			if len(d.Versions) > 0 {
				v := d.Versions[0]
				row(sp.KindDeliverable, fmt.Sprintf("%s (v%d)", d.Title, v.Number), sp.label("deliverables.status", v.Status), "", dayISO(&v.UploadedAt))
			}
		}
		for _, it := range r.OpenItems {
			row(sp.KindOpen, sp.openItem(it), "", "", "")
		}
		for _, x := range r.OpenRetours {
			row(sp.KindRetour, fmt.Sprintf("%s (%s, %s)", x.Title, sp.label("retours.kind", x.Kind), sp.label("retours.priority", x.Priority)),
				sp.label("retours.status", x.Status), "", dayISO(&x.CreatedAt))
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
