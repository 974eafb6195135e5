package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestValidationWorkflowUpdatesMilestoneAndProgress(t *testing.T) {
	h, adm := newAdminHarness(t)
	a1 := h.login(h.cast.A1.Email)
	v1 := []byte("%PDF-1.4 première version")
	r := adm.do("POST", fmt.Sprintf("/api/v1/admin/projects/%d/deliverables?title=%s&milestone_id=%d&note=%s", h.cast.ProjectA.ID,
		"Dossier%20technique", h.cast.StepA2.ID, "Premi%C3%A8re%20livraison"), rawFile{"dossier technique été.pdf", v1})
	var d deliverableView
	r.json(t, &d)
	if r.status != 201 || d.Title != "Dossier technique" || len(d.Versions) != 1 || d.Versions[0].SHA256 != sha(v1) ||
		d.Versions[0].Status != "en_attente" || d.Versions[0].FileName != "dossier technique été.pdf" || d.Versions[0].Note != "Première livraison" {
		t.Fatalf("upload = %d %s", r.status, r.body)
	}
	h.oneAudit("deliverable.upload", d.ID, "success")
	// Uploading a milestone's deliverable delivers the step.
	var p projectDetailView
	a1.do("GET", fmt.Sprintf("/api/v1/projects/%d", h.cast.ProjectA.ID), nil).json(t, &p)
	if p.Milestones[1].State != "livree" || p.Progress.Percent != 50 {
		t.Fatalf("after upload: step %s, progress %+v", p.Milestones[1].State, p.Progress)
	}

	// The client sends it back; the comment is mandatory.
	r = a1.do("POST", fmt.Sprintf("/api/v1/versions/%d/decision", d.Versions[0].ID), map[string]string{"decision": "modifications", "comment": "  "})
	if e := decodeError(t, r.body); r.status != 422 || e.Field != "comment" {
		t.Fatalf("change request without comment = %d %s", r.status, r.body)
	}
	r = a1.do("POST", fmt.Sprintf("/api/v1/versions/%d/decision", d.Versions[0].ID), map[string]string{"decision": "modifications", "comment": "Il manque le schéma réseau."})
	r.json(t, &d)
	if r.status != 200 || d.Versions[0].Status != "modifications" || len(d.Versions[0].Decisions) != 1 ||
		d.Versions[0].Decisions[0].SHA256 != sha(v1) || d.Versions[0].Decisions[0].By != "Alice Alpha" {
		t.Fatalf("change request = %d %s", r.status, r.body)
	}
	h.oneAudit("deliverable.decision", d.Versions[0].ID, "success")
	a1.do("GET", fmt.Sprintf("/api/v1/projects/%d", h.cast.ProjectA.ID), nil).json(t, &p)
	if p.Milestones[1].State != "en_cours" || p.Progress.Percent != 0 {
		t.Fatalf("after a change request: step %s, progress %+v", p.Milestones[1].State, p.Progress)
	}

	// Version 2; the old one can no longer be decided on, but keeps its decision.
	v2 := []byte("%PDF-1.4 deuxième version avec schéma")
	r = adm.do("POST", fmt.Sprintf("/api/v1/admin/deliverables/%d/versions?note=Sch%%C3%%A9ma%%20ajout%%C3%%A9", d.ID), rawFile{"dossier-v2.pdf", v2})
	r.json(t, &d)
	if r.status != 201 || len(d.Versions) != 2 || d.Versions[0].Number != 2 || d.Versions[1].Status != "modifications" {
		t.Fatalf("version 2 = %d %s", r.status, r.body)
	}
	if r := a1.do("POST", fmt.Sprintf("/api/v1/versions/%d/decision", d.Versions[1].ID), map[string]string{"decision": "valide"}); r.status != 409 {
		t.Fatalf("deciding on a superseded version = %d", r.status)
	}
	r = a1.do("POST", fmt.Sprintf("/api/v1/versions/%d/decision", d.Versions[0].ID), map[string]string{"decision": "valide"})
	r.json(t, &d)
	if r.status != 200 || d.Versions[0].Status != "valide" || d.Versions[0].Decisions[0].SHA256 != sha(v2) {
		t.Fatalf("validate = %d %s", r.status, r.body)
	}
	a1.do("GET", fmt.Sprintf("/api/v1/projects/%d", h.cast.ProjectA.ID), nil).json(t, &p)
	if p.Milestones[1].State != "validee" || p.Progress.Percent != 50 || p.History[0].Kind != "validated" || p.History[0].By != "Alice Alpha" {
		t.Fatalf("after validation: step %s, progress %+v, history %+v", p.Milestones[1].State, p.Progress, p.History)
	}
	// A validated version cannot be deleted; the superseded one can, with its file.
	if r := adm.do("DELETE", fmt.Sprintf("/api/v1/admin/versions/%d", d.Versions[0].ID), nil); r.status != 409 {
		t.Fatalf("deleting a validated version = %d", r.status)
	}
	keysBefore, _ := h.fs.Keys()
	if r := adm.do("DELETE", fmt.Sprintf("/api/v1/admin/versions/%d", d.Versions[1].ID), nil); r.status != 204 {
		t.Fatalf("delete v1 = %d %s", r.status, r.body)
	}
	h.oneAudit("deliverable.delete", d.Versions[1].ID, "success")
	if keysAfter, _ := h.fs.Keys(); len(keysAfter) != len(keysBefore)-1 {
		t.Fatalf("files before %d, after %d: the deleted version's file must go", len(keysBefore), len(keysAfter))
	}
	// Staff cannot decide for the client.
	if r := adm.do("POST", fmt.Sprintf("/api/v1/versions/%d/decision", h.cast.VersionB.ID), map[string]string{"decision": "valide"}); r.status != 403 {
		t.Fatalf("admin decision = %d", r.status)
	}
}

func TestDownloadHeadersRangeAndRecord(t *testing.T) {
	onBackends(t, testDownloadHeadersRangeAndRecord)
}

func testDownloadHeadersRangeAndRecord(t *testing.T) {
	h, adm := newAdminHarness(t)
	content := bytes.Repeat([]byte("0123456789abcdef"), 4096) // 64 KiB
	var d deliverableView
	adm.do("POST", fmt.Sprintf("/api/v1/admin/projects/%d/deliverables", h.cast.ProjectA.ID), rawFile{"Résumé « final ».pdf", content}).json(t, &d)
	vid := d.Versions[0].ID
	a1 := h.login(h.cast.A1.Email)

	r := a1.do("GET", fmt.Sprintf("/api/v1/versions/%d/download", vid), nil)
	if r.status != 200 || r.body != string(content) {
		t.Fatalf("download = %d, %d bytes", r.status, len(r.body))
	}
	cd := r.header.Get("Content-Disposition")
	if !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "filename*=UTF-8''R%C3%A9sum%C3%A9%20%C2%AB%20final%20%C2%BB.pdf") {
		t.Errorf("Content-Disposition = %q", cd)
	}
	if r.header.Get("Content-Type") != "application/octet-stream" || r.header.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.Contains(r.header.Get("Content-Security-Policy"), "sandbox") || r.header.Get("ETag") != `"`+sha(content)+`"` {
		t.Errorf("download headers = %v", r.header)
	}
	if rows := h.audits("deliverable.download", vid); len(rows) != 1 || rows[0].ActorID != h.cast.A1.ID {
		t.Fatalf("download audit rows = %+v", rows)
	}
	// Resuming: the second half, then the parts put together are the file.
	half := len(content) / 2
	r2 := a1.doWith("GET", fmt.Sprintf("/api/v1/versions/%d/download", vid), nil, [2]string{"Range", fmt.Sprintf("bytes=%d-", half)})
	if r2.status != 206 || r2.header.Get("Content-Range") != fmt.Sprintf("bytes %d-%d/%d", half, len(content)-1, len(content)) ||
		string(content[:half])+r2.body != string(content) {
		t.Fatalf("resumed download = %d %q, %d bytes", r2.status, r2.header.Get("Content-Range"), len(r2.body))
	}
	if rows := h.audits("deliverable.download", vid); len(rows) != 1 {
		t.Fatalf("a resumed download counted again: %d rows", len(rows))
	}
	if r := a1.doWith("GET", fmt.Sprintf("/api/v1/versions/%d/download", vid), nil, [2]string{"Range", "bytes=-10"}); r.status != 206 || r.body != string(content[len(content)-10:]) {
		t.Fatalf("suffix range = %d %q", r.status, r.body)
	}
	if r := a1.doWith("GET", fmt.Sprintf("/api/v1/versions/%d/download", vid), nil, [2]string{"Range", "bytes=999999-"}); r.status != 416 {
		t.Fatalf("range past the end = %d", r.status)
	}
	if r := a1.doWith("GET", fmt.Sprintf("/api/v1/versions/%d/download", vid), nil, [2]string{"If-None-Match", `"` + sha(content) + `"`}); r.status != 304 {
		t.Fatalf("If-None-Match = %d", r.status)
	}
	// A PDF may be previewed inline; the admin sees who downloaded.
	if r := a1.do("GET", fmt.Sprintf("/api/v1/versions/%d/download?inline=1", vid), nil); !strings.HasPrefix(r.header.Get("Content-Disposition"), "inline;") || r.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("inline = %v", r.header)
	}
	r = adm.do("GET", fmt.Sprintf("/api/v1/admin/versions/%d/downloads", vid), nil)
	if !strings.Contains(r.body, h.cast.A1.Email) {
		t.Fatalf("downloads list = %s", r.body)
	}
}

func TestUploadRefusalsAreExplicitAndLeaveNothing(t *testing.T) {
	onBackends(t, testUploadRefusalsAreExplicitAndLeaveNothing)
}

func testUploadRefusalsAreExplicitAndLeaveNothing(t *testing.T) {
	h, adm := newAdminHarness(t)
	keys, _ := h.fs.Keys()
	url := fmt.Sprintf("/api/v1/admin/projects/%d/deliverables", h.cast.ProjectA.ID)
	cases := []struct {
		name   string
		file   rawFile
		status int
		code   string
		param  string // the parameter the interface's message needs, and its value
		value  any
		msg    string
	}{
		{"denied type", rawFile{"virus.scr", []byte("MZ")}, 422, "upload_type_refused", "ext", ".scr", "« .scr » ne sont pas acceptés"},
		{"empty", rawFile{"vide.txt", nil}, 422, "upload_empty", "", nil, "vide"},
		{"too large", rawFile{"gros.bin", make([]byte, 8<<20+1)}, 413, "file_too_large", "max_bytes", float64(8 << 20), "dépasse la taille maximale (8 Mo)"},
		{"no name", rawFile{"", []byte("x")}, 422, "upload_no_name", "", nil, "nom du fichier"},
	}
	for _, c := range cases {
		r := adm.do("POST", url, c.file)
		e := decodeError(t, r.body)
		if r.status != c.status || e.Code != c.code || e.Field != "file" || (c.param != "" && e.Params[c.param] != c.value) ||
			!strings.HasPrefix(e.Message, "Erreur de téléversement") || !strings.Contains(e.Message, c.msg) {
			t.Errorf("%s: %d %s", c.name, r.status, r.body)
		}
	}
	if r := adm.do("POST", url+fmt.Sprintf("?milestone_id=%d", h.cast.StepB1.ID), rawFile{"ok.pdf", []byte("x")}); r.status != 422 {
		t.Errorf("milestone of another project = %d", r.status)
	}
	after, _ := h.fs.Keys()
	tmp, _ := h.fs.TempFiles()
	if len(after) != len(keys) || len(tmp) != 0 {
		t.Fatalf("refused uploads left files: %d → %d, tmp %v", len(keys), len(after), tmp)
	}
	var n int
	if err := h.db.SQL().QueryRow("SELECT COUNT(*) FROM deliverable_versions").Scan(&n); err != nil || n != 2 {
		t.Fatalf("versions after refusals = %d, %v", n, err)
	}
}

// An upload cut off mid-way, over a real connection, leaves neither file nor row.
func TestUploadCutOffLeavesNothing(t *testing.T) { onBackends(t, testUploadCutOffLeavesNothing) }

func testUploadCutOffLeavesNothing(t *testing.T) {
	h, adm := newAdminHarness(t)
	base := serveForReal(t, h)
	before, _ := h.fs.Keys()
	req, _ := http.NewRequest("POST", base+fmt.Sprintf("/api/v1/admin/projects/%d/deliverables", h.cast.ProjectA.ID), &cutReader{n: 3 << 20})
	req.ContentLength = 6 << 20 // promises more than it sends
	req.Header.Set("Cookie", adm.cookie)
	req.Header.Set(csrfHeader, adm.csrf)
	req.Header.Set("X-File-Name", "coupé.zip")
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
		if res.StatusCode < 400 {
			t.Fatalf("a cut upload answered %d", res.StatusCode)
		}
	}
	waitNoTemp(t, h)
	if keys, _ := h.fs.Keys(); len(keys) != len(before) {
		t.Fatalf("files after a cut upload: %d, want the %d of the fixture", len(keys), len(before))
	}
	var n int
	if err := h.db.SQL().QueryRow("SELECT COUNT(*) FROM deliverable_versions").Scan(&n); err != nil || n != 2 {
		t.Fatalf("versions after a cut upload = %d, %v", n, err)
	}
}

func TestDeletingTheNewestVersionHandsTheDecisionBack(t *testing.T) {
	h, adm := newAdminHarness(t)
	var d deliverableView
	adm.do("POST", fmt.Sprintf("/api/v1/admin/deliverables/%d/versions", h.cast.DeliverableA.ID), rawFile{"v2.pdf", []byte("%PDF v2")}).json(t, &d)
	if r := adm.do("DELETE", fmt.Sprintf("/api/v1/admin/versions/%d", d.Versions[0].ID), nil); r.status != 204 {
		t.Fatalf("delete v2 = %d", r.status)
	}
	a1 := h.login(h.cast.A1.Email)
	if r := a1.do("POST", fmt.Sprintf("/api/v1/versions/%d/decision", h.cast.VersionA.ID), map[string]string{"decision": "valide"}); r.status != 200 {
		t.Fatalf("deciding on v1 after v2 was deleted = %d %s", r.status, r.body)
	}
}
