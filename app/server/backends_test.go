package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/bigdatacenter/portal/app/portal/portaltest"
	"github.com/bigdatacenter/portal/app/storage"
	"github.com/bigdatacenter/portal/app/storage/s3test"
)

// s3Tests holds the tests whose harness keeps its files in S3 (see onBackends).
var s3Tests sync.Map

// onBackends runs fn twice: with the files on the data disk, and in a real S3-compatible store
// (versitygw); the harnesses fn makes use the store of the run.
func onBackends(t *testing.T, fn func(t *testing.T)) {
	t.Run("local", fn)
	t.Run("s3", func(t *testing.T) {
		s3Tests.Store(t, s3test.Start(t))
		defer s3Tests.Delete(t)
		fn(t)
	})
}

// testFiles is the file store of a test's harness: S3 under onBackends' "s3" run, otherwise a
// fresh directory.
func testFiles(t testing.TB) storage.Store {
	t.Helper()
	if srv, ok := s3Tests.Load(t); ok {
		cfg := srv.(*s3test.Server).Config()
		if presigned, ok := presignedTests.Load(t); ok {
			cfg.PresignedDownloads = presigned.(bool)
		}
		st, err := storage.OpenS3(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	return portaltest.Files(t)
}

var presignedTests sync.Map

// If-Range resumes only the copy it names: the same ETag gets the range, another the whole
// file, on either store.
func TestDownloadIfRange(t *testing.T) {
	onBackends(t, func(t *testing.T) {
		h, adm := newAdminHarness(t)
		content := []byte(strings.Repeat("0123456789", 1000))
		var d deliverableView
		adm.do("POST", fmt.Sprintf("/api/v1/admin/projects/%d/deliverables", h.cast.ProjectA.ID), rawFile{"plan.txt", content}).json(t, &d)
		url := fmt.Sprintf("/api/v1/versions/%d/download", d.Versions[0].ID)
		etag := `"` + sha(content) + `"`
		r := adm.doWith("GET", url, nil, [2]string{"Range", "bytes=100-199"}, [2]string{"If-Range", etag})
		if r.status != 206 || r.body != string(content[100:200]) || r.header.Get("Content-Range") != "bytes 100-199/10000" || r.header.Get("ETag") != etag {
			t.Fatalf("If-Range with the current ETag = %d %q %q", r.status, r.header.Get("Content-Range"), r.body)
		}
		r = adm.doWith("GET", url, nil, [2]string{"Range", "bytes=100-199"}, [2]string{"If-Range", `"` + sha([]byte("ancienne")) + `"`})
		if r.status != 200 || r.body != string(content) || r.header.Get("Content-Range") != "" {
			t.Fatalf("If-Range with an old ETag = %d, %d bytes", r.status, len(r.body))
		}
		r = adm.doWith("GET", url, nil, [2]string{"Range", "bytes=9990-20000"})
		if r.status != 206 || r.body != string(content[9990:]) {
			t.Fatalf("range past the end = %d %q", r.status, r.body)
		}
	})
}

// With presigned downloads, the portal checks access then sends the browser to the store, which
// answers with the portal's name, type and the range; without, it streams them itself.
func TestPresignedDownloads(t *testing.T) {
	srv := s3test.Start(t)
	s3Tests.Store(t, srv)
	presignedTests.Store(t, true)
	defer s3Tests.Delete(t)
	defer presignedTests.Delete(t)
	h, adm := newAdminHarness(t)
	content := []byte(strings.Repeat("livrable ", 2000))
	var d deliverableView
	adm.do("POST", fmt.Sprintf("/api/v1/admin/projects/%d/deliverables", h.cast.ProjectA.ID), rawFile{"Résumé.pdf", content}).json(t, &d)
	url := fmt.Sprintf("/api/v1/versions/%d/download", d.Versions[0].ID)
	r := adm.do("GET", url, nil)
	loc := r.header.Get("Location")
	if r.status != 302 || !strings.HasPrefix(loc, "http://"+srv.Endpoint+"/") || !strings.Contains(loc, "X-Amz-Signature=") {
		t.Fatalf("presigned download = %d, Location %q", r.status, loc)
	}
	// Another client's deliverable is refused before any link is made.
	b1 := h.login(h.cast.B1.Email)
	if r := b1.do("GET", url, nil); r.status != 404 || r.header.Get("Location") != "" {
		t.Fatalf("another client's download = %d %q", r.status, r.header.Get("Location"))
	}
	req, _ := http.NewRequest("GET", loc, nil)
	req.Header.Set("Range", "bytes=9-16")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body := make([]byte, 100)
	n, _ := res.Body.Read(body)
	if res.StatusCode != 206 || string(body[:n]) != string(content[9:17]) || !strings.Contains(res.Header.Get("Content-Disposition"), "R%C3%A9sum%C3%A9.pdf") {
		t.Fatalf("the store's answer: %d %q %v", res.StatusCode, body[:n], res.Header)
	}
}

// /readyz reports the file store: a store gone away makes the portal unready, naming it, and an
// upload meanwhile answers 503 (try again), recording nothing.
func TestReadyzReportsStorage(t *testing.T) {
	srv := s3test.Start(t)
	s3Tests.Store(t, srv)
	defer s3Tests.Delete(t)
	h, adm := newAdminHarness(t)
	if r := do(t, h.s.App(), "GET", "/readyz"); r.status != 200 || !strings.Contains(r.body, `"storage":"ok"`) {
		t.Fatalf("readyz = %d %s", r.status, r.body)
	}
	srv.Stop()
	if r := do(t, h.s.App(), "GET", "/readyz"); r.status != 503 || !strings.Contains(r.body, "Le stockage des fichiers ne répond pas.") || !strings.Contains(r.body, `"database":"ok"`) {
		t.Fatalf("readyz with the store gone = %d %s", r.status, r.body)
	}
	r := adm.do("POST", fmt.Sprintf("/api/v1/admin/projects/%d/deliverables", h.cast.ProjectA.ID), rawFile{"plan.pdf", []byte("%PDF-1.4 plan")})
	if e := decodeError(t, r.body); r.status != 503 || e.Code != "unavailable" || r.header.Get("Retry-After") != "5" {
		t.Fatalf("upload with the store gone = %d %s %v", r.status, r.body, r.header)
	}
	var n int
	if err := h.db.SQL().QueryRow("SELECT COUNT(*) FROM deliverable_versions").Scan(&n); err != nil || n != 2 {
		t.Fatalf("versions after an upload the store refused = %d, %v", n, err)
	}
}
