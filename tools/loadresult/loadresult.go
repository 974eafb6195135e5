// Package loadresult is the JSON that tools/loadtest writes (-json) and tools/benchreport
// reads: one definition, so that the two cannot drift apart.
package loadresult

// Row is the figures of one endpoint (or of a group of requests).
type Row struct {
	Endpoint string  `json:"endpoint"`
	Requests int     `json:"requests"`
	Errors   int     `json:"errors"`
	RPS      float64 `json:"rps"`
	P50ms    float64 `json:"p50_ms"`
	P95ms    float64 `json:"p95_ms"`
	P99ms    float64 `json:"p99_ms"`
}

// Results is one load run.
type Results struct {
	Requests  int     `json:"requests"`
	RPS       float64 `json:"rps"`
	Endpoints []Row   `json:"endpoints"`
	// DuringBurst: every other request sent while the burst's sign-ins were in flight.
	DuringBurst *Row `json:"during_burst,omitempty"`
}
