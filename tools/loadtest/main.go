// Command loadtest replays a realistic mix of portal requests against a running portal and
// prints, per endpoint, requests per second, p50/p95/p99 latency and errors (N2).
//
//	go run ./tools/loadtest -url http://127.0.0.1:8080 -password PW -clients 200 -conns 200 -duration 60s
//
// Two ways to load the portal:
//   - closed loop (the default): every connection sends its next request as soon as the
//     previous one is answered; this finds the portal's capacity, and the latencies it prints
//     are those of a saturated machine (Little's law: connections / throughput).
//   - open loop (-rate, -admin-rate): requests are sent at a fixed offered rate, spread over
//     the connections at random (Poisson) instants, and each latency is counted from the
//     instant the request was due, so that a request that waits for a busy connection counts
//     its wait (no "coordinated omission"). This is how the latency targets are measured.
//
// -burst N signs N more users in at once in the middle of the run, and prints the p95 of the
// other requests sent while those sign-ins were in flight.
//
// The users are those of `portal demo --scale` (they share the password it prints).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bigdatacenter/portal/tools/loadresult"
)

type user struct {
	client   *http.Client
	csrf     string
	admin    bool
	projects []int64
	versions []int64
	retours  []int64
}

type sample struct {
	endpoint string
	start    time.Time
	took     time.Duration
	failed   bool
}

// burstEndpoint names the sign-ins of the burst in the results.
const burstEndpoint = "sign-in (burst)"

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "portal address")
	pw := flag.String("password", "", "the demo users' password (printed by portal demo)")
	clients := flag.Int("clients", 200, "client users to sign in (utilisateur1.N@clientN.example)")
	admins := flag.Int("admins", 5, "admins to sign in (equipeN@bigdata-center.example)")
	conns := flag.Int("conns", 200, "concurrent connections replaying the client mix")
	adminConns := flag.Int("admin-conns", 20, "concurrent connections replaying the admin mix")
	duration := flag.Duration("duration", 30*time.Second, "how long to replay")
	rate := flag.Float64("rate", 0, "open loop: client-mix requests per second offered in all (0: closed loop)")
	adminRate := flag.Float64("admin-rate", 0, "open loop: admin-mix requests per second offered in all (0: closed loop)")
	burst := flag.Int("burst", 0, "sign this many more client users in at once halfway through the run")
	out := flag.String("json", "", "also write the results as JSON to this file")
	one := flag.String("user", "", "sign in this user alone (its e-mail): with -get, the per-client-size runs")
	get := flag.String("get", "", "replay only GET of this path (\":id\" is the user's first project), named by what precedes \"=\": name=path")
	flag.Parse()
	if *pw == "" {
		fmt.Fprintln(os.Stderr, "loadtest: -password is required")
		os.Exit(2)
	}
	transport := &http.Transport{MaxIdleConnsPerHost: *conns + *adminConns + 10, MaxConnsPerHost: *conns + *adminConns + 10}
	if *clients+*burst > 1500 {
		fmt.Fprintln(os.Stderr, "loadtest: -clients plus -burst must not exceed the 1 500 client users of the scale dataset")
		os.Exit(2)
	}

	if *get != "" {
		name, path, ok := strings.Cut(*get, "=")
		if !ok {
			fmt.Fprintln(os.Stderr, "loadtest: -get takes name=path")
			os.Exit(2)
		}
		single(*base, transport, *pw, *one, name, path, *conns, *duration, *out)
		return
	}
	start := time.Now()
	cu := signIn(*base, transport, *pw, *clients, func(i int) string { return fmt.Sprintf("utilisateur1.%d@client%d.example", i+1, i+1) }, false)
	au := signIn(*base, transport, *pw, *admins, func(i int) string { return fmt.Sprintf("equipe%d@bigdata-center.example", i+1) }, true)
	signInTook := time.Since(start)
	if len(cu) == 0 || len(au) == 0 {
		fmt.Fprintf(os.Stderr, "loadtest: signed in %d clients and %d admins: check -password and the dataset\n", len(cu), len(au))
		os.Exit(1)
	}
	for _, u := range cu {
		discover(*base, u)
	}

	var mu sync.Mutex
	var samples []sample
	record := func(s sample) { mu.Lock(); samples = append(samples, s); mu.Unlock() }
	ctx, cancel := context.WithTimeout(context.Background(), *duration)
	defer cancel()
	var wg sync.WaitGroup
	var seq atomic.Int64
	// run replays a mix on one connection; with a rate, at random instants whose mean gap is
	// connections / rate, each latency counted from the instant the request was due.
	run := func(users []*user, mix func(*user, *rand.Rand) (string, string, string, []byte), perConn float64) {
		defer wg.Done()
		rnd := rand.New(rand.NewPCG(uint64(seq.Add(1)), 7))
		due := time.Now()
		for ctx.Err() == nil {
			if perConn > 0 {
				due = due.Add(time.Duration(rnd.ExpFloat64() / perConn * float64(time.Second)))
				if wait := time.Until(due); wait > 0 {
					select {
					case <-ctx.Done():
						return
					case <-time.After(wait):
					}
				}
			} else {
				due = time.Now()
			}
			u := users[rnd.IntN(len(users))]
			name, method, path, body := mix(u, rnd)
			record(do(ctx, *base, u, name, method, path, body, due))
		}
	}
	perConn := func(rate float64, conns int) float64 {
		if rate <= 0 || conns == 0 {
			return 0
		}
		return rate / float64(conns)
	}
	for i := 0; i < *conns; i++ {
		wg.Add(1)
		go run(cu, clientMix, perConn(*rate, *conns))
	}
	for i := 0; i < *adminConns; i++ {
		wg.Add(1)
		go run(au, adminMix, perConn(*adminRate, *adminConns))
	}
	var burstStart, burstEnd time.Time
	if *burst > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case <-ctx.Done():
				return
			case <-time.After(*duration / 2):
			}
			burstStart = time.Now()
			signInAll(ctx, *base, transport, *pw, *burst, func(i int) string {
				n := *clients + i + 1
				return fmt.Sprintf("utilisateur1.%d@client%d.example", n, n)
			}, record)
			burstEnd = time.Now()
		}()
	}
	wg.Wait()
	report(os.Stdout, samples, *duration, signInTook, len(cu)+len(au), burstStart, burstEnd, *out)
}

// signInAll signs n users in at the same instant (one connection each, as n browsers would)
// and records each sign-in's latency.
func signInAll(ctx context.Context, base string, tr *http.Transport, pw string, n int, email func(int) string, record func(sample)) {
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			jar, _ := cookiejar.New(nil)
			u := &user{client: &http.Client{Transport: &http.Transport{}, Jar: jar, Timeout: 30 * time.Second}}
			body, _ := json.Marshal(map[string]string{"email": email(i), "password": pw})
			<-start
			record(do(ctx, base, u, burstEndpoint, "POST", "/api/v1/auth/login", body, time.Now()))
		}(i)
	}
	close(start)
	wg.Wait()
}

func signIn(base string, tr *http.Transport, pw string, n int, email func(int) string, admin bool) []*user {
	var mu sync.Mutex
	var out []*user
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i := 0; i < n; i++ {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			jar, _ := cookiejar.New(nil)
			u := &user{client: &http.Client{Transport: tr, Jar: jar, Timeout: 30 * time.Second}, admin: admin}
			body, _ := json.Marshal(map[string]string{"email": email(i), "password": pw})
			res, err := u.client.Post(base+"/api/v1/auth/login", "application/json", bytes.NewReader(body))
			if err != nil {
				return
			}
			defer res.Body.Close()
			var v struct {
				CSRF string `json:"csrf_token"`
			}
			if res.StatusCode != 200 || json.NewDecoder(res.Body).Decode(&v) != nil {
				return
			}
			u.csrf = v.CSRF
			mu.Lock()
			out = append(out, u)
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	return out
}

// discover reads a client user's projects and versions once, as the dashboard would.
func discover(base string, u *user) {
	u.projects = append(u.projects, listIDs(u, base+"/api/v1/projects?per_page=100")...)
	u.versions = append(u.versions, listIDs(u, base+"/api/v1/versions/latest?limit=20")...)
	// The open retours of the first projects, as the project pages list them.
	for _, p := range u.projects[:min(3, len(u.projects))] {
		u.retours = append(u.retours, listIDs(u, fmt.Sprintf("%s/api/v1/projects/%d/retours?status=ouvert", base, p))...)
	}
}

func getJSON(u *user, url string, v any) error {
	res, err := u.client.Get(url)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	return json.NewDecoder(res.Body).Decode(v)
}

// clientMix is what a client's browser asks, weighted like a working day.
func clientMix(u *user, rnd *rand.Rand) (name, method, path string, body []byte) {
	p := int64(0)
	if len(u.projects) > 0 {
		p = u.projects[rnd.IntN(len(u.projects))]
	}
	retour := int64(0)
	if len(u.retours) > 0 {
		retour = u.retours[rnd.IntN(len(u.retours))]
	}
	switch r := rnd.IntN(100); {
	case r < 20:
		return "client dashboard", "GET", "/api/v1/projects", nil
	case r < 35:
		return "project page", "GET", fmt.Sprintf("/api/v1/projects/%d", p), nil
	case r < 47:
		return "deliverables", "GET", fmt.Sprintf("/api/v1/projects/%d/deliverables", p), nil
	case r < 59:
		return "messages thread", "GET", fmt.Sprintf("/api/v1/projects/%d/messages", p), nil
	case r < 64:
		return "task list", "GET", fmt.Sprintf("/api/v1/projects/%d/tasks?per_page=100", p), nil
	case r < 67:
		return "post message", "POST", fmt.Sprintf("/api/v1/projects/%d/messages", p), []byte(`{"body":"Message de test de charge"}`)
	case r < 73:
		return "retours list", "GET", fmt.Sprintf("/api/v1/projects/%d/retours?status=ouvert", p), nil
	case r < 77 && retour != 0:
		return "retour page", "GET", fmt.Sprintf("/api/v1/retours/%d", retour), nil
	case r < 78 && retour != 0:
		return "post in a retour", "POST", fmt.Sprintf("/api/v1/retours/%d/messages", retour), []byte(`{"body":"Précision de test de charge"}`)
	case r < 88:
		return "notifications", "GET", "/api/v1/notifications", nil
	case r < 94 && len(u.versions) > 0:
		return "download", "GET", fmt.Sprintf("/api/v1/versions/%d/download", u.versions[rnd.IntN(len(u.versions))]), nil
	default:
		return "latest deliverables", "GET", "/api/v1/versions/latest", nil
	}
}

// adminMix is what the staff's browsers ask.
func adminMix(u *user, rnd *rand.Rand) (name, method, path string, body []byte) {
	switch r := rnd.IntN(100); {
	case r < 10 && len(u.projects) > 0:
		return "admin task list", "GET", fmt.Sprintf("/api/v1/projects/%d/tasks?per_page=100", u.projects[rnd.IntN(len(u.projects))]), nil
	case r < 30:
		return "admin dashboard", "GET", "/api/v1/admin/overview", nil
	case r < 55:
		return "admin project list (filters)", "GET", fmt.Sprintf("/api/v1/projects?status=en_cours&late=true&page=%d", 1+rnd.IntN(5)), nil
	case r < 70:
		return "admin clients list", "GET", fmt.Sprintf("/api/v1/admin/clients?page=%d", 1+rnd.IntN(20)), nil
	case r < 80:
		return "admin exchanges history", "GET", "/api/v1/admin/messages?q=livraison", nil
	case r < 90:
		return "admin retours list", "GET", fmt.Sprintf("/api/v1/admin/retours?status=ouvert&sort=priority&page=%d", 1+rnd.IntN(5)), nil
	default:
		return "statistics", "GET", "/api/v1/admin/statistics", nil
	}
}

// do sends one request; its latency runs from due (when it should have been sent) to the end
// of the answer's body.
func do(ctx context.Context, base string, u *user, name, method, path string, body []byte, due time.Time) sample {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, _ := http.NewRequestWithContext(ctx, method, base+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", u.csrf)
	}
	res, err := u.client.Do(req)
	if err != nil {
		return sample{name, due, time.Since(due), ctx.Err() == nil}
	}
	_, _ = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return sample{name, due, time.Since(due), res.StatusCode >= 400}
}

func summarize(name string, ss []sample, d time.Duration) loadresult.Row {
	durs := make([]time.Duration, len(ss))
	errs := 0
	for i, s := range ss {
		durs[i] = s.took
		if s.failed {
			errs++
		}
	}
	sort.Slice(durs, func(i, j int) bool { return durs[i] < durs[j] })
	q := func(p float64) float64 { return float64(durs[int(p*float64(len(durs)-1))].Microseconds()) / 1000 }
	return loadresult.Row{Endpoint: name, Requests: len(ss), Errors: errs, RPS: float64(len(ss)) / d.Seconds(), P50ms: q(0.50), P95ms: q(0.95), P99ms: q(0.99)}
}

func report(w io.Writer, samples []sample, d, signIn time.Duration, users int, burstStart, burstEnd time.Time, jsonPath string) {
	by := map[string][]sample{}
	var during []sample
	for _, s := range samples {
		by[s.endpoint] = append(by[s.endpoint], s)
		if s.endpoint != burstEndpoint && !burstStart.IsZero() && !s.start.Before(burstStart) && s.start.Before(burstEnd) {
			during = append(during, s)
		}
	}
	res := loadresult.Results{Requests: len(samples), RPS: float64(len(samples)) / d.Seconds()}
	for name, ss := range by {
		res.Endpoints = append(res.Endpoints, summarize(name, ss, d))
	}
	sort.Slice(res.Endpoints, func(i, j int) bool { return res.Endpoints[i].Endpoint < res.Endpoints[j].Endpoint })
	fmt.Fprintf(w, "%d users signed in in %s; %d requests in %s (%.0f req/s)\n\n", users, signIn.Round(time.Millisecond), res.Requests, d, res.RPS)
	fmt.Fprintf(w, "| endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range res.Endpoints {
		fmt.Fprintf(w, "| %s | %d | %.0f | %.1f | %.1f | %.1f | %d |\n", r.Endpoint, r.Requests, r.RPS, r.P50ms, r.P95ms, r.P99ms, r.Errors)
	}
	if len(during) > 0 {
		r := summarize("other requests during the burst", during, burstEnd.Sub(burstStart))
		res.DuringBurst = &r
		fmt.Fprintf(w, "\nWhile the %d sign-ins of the burst were in flight (%s): %d other requests, p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, %d errors.\n",
			len(by[burstEndpoint]), burstEnd.Sub(burstStart).Round(time.Millisecond), r.Requests, r.P50ms, r.P95ms, r.P99ms, r.Errors)
	}
	if jsonPath != "" {
		data, _ := json.MarshalIndent(res, "", "  ")
		if err := os.WriteFile(jsonPath, data, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "loadtest:", err)
			os.Exit(1)
		}
	}
	for _, r := range res.Endpoints {
		if r.Errors > 0 {
			fmt.Fprintln(os.Stderr, "loadtest: errors on", strings.ToLower(r.Endpoint))
			os.Exit(1)
		}
	}
}

// single replays one GET for one user on conns connections in a closed loop: the per-client-size
// runs (a client with 5, 50 or 500 projects reading its list or a project) and the /healthz
// ceiling (no user).
func single(base string, tr *http.Transport, pw, email, name, path string, conns int, d time.Duration, jsonPath string) {
	start := time.Now()
	jar, _ := cookiejar.New(nil)
	u := &user{client: &http.Client{Transport: tr, Jar: jar, Timeout: 30 * time.Second}}
	if email != "" {
		us := signIn(base, tr, pw, 1, func(int) string { return email }, false)
		if len(us) == 0 {
			fmt.Fprintf(os.Stderr, "loadtest: %s could not sign in\n", email)
			os.Exit(1)
		}
		u = us[0]
		discover(base, u)
	}
	if strings.Contains(path, ":id") {
		if len(u.projects) == 0 {
			fmt.Fprintf(os.Stderr, "loadtest: %s sees no project\n", email)
			os.Exit(1)
		}
		path = strings.ReplaceAll(path, ":id", fmt.Sprint(u.projects[0]))
	}
	signInTook := time.Since(start)
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var mu sync.Mutex
	var samples []sample
	var wg sync.WaitGroup
	for i := 0; i < conns; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []sample
			for ctx.Err() == nil {
				s := do(ctx, base, u, name, "GET", path, nil, time.Now())
				if ctx.Err() == nil {
					mine = append(mine, s)
				}
			}
			mu.Lock()
			samples = append(samples, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	report(os.Stdout, samples, d, signInTook, 1, time.Time{}, time.Time{}, jsonPath)
}

// listIDs reads the ids of a list's items as u (none when the request fails).
func listIDs(u *user, url string) []int64 {
	var list struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if getJSON(u, url, &list) != nil {
		return nil
	}
	ids := make([]int64, len(list.Items))
	for i, it := range list.Items {
		ids[i] = it.ID
	}
	return ids
}
