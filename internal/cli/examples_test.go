package cli

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"

	"github.com/mcaudit/mcaudit/collect"
	"github.com/mcaudit/mcaudit/inventory"
	"github.com/mcaudit/mcaudit/vendors"
)

// The shipped pipelines are read as their engines would read them, and
// what they ask of mcaudit is checked against mcaudit itself: the flags
// parse, the shards cover 0..N-1 once each, the inventory loads and names
// the variable the secret fills.
func TestKubernetesIndexedJob(t *testing.T) {
	docs := yamlDocs(t, "../../examples/kubernetes/collect-indexed-job.yaml")
	var job, cm map[string]any
	for _, d := range docs {
		switch d["kind"] {
		case "Job":
			job = d
		case "ConfigMap":
			cm = d
		}
	}
	if job == nil || cm == nil {
		t.Fatal("want a Job and a ConfigMap")
	}
	spec := dig(t, job, "spec").(map[string]any)
	if spec["completionMode"] != "Indexed" {
		t.Errorf("completionMode %v, want Indexed", spec["completionMode"])
	}
	completions := spec["completions"].(int)
	if p := spec["parallelism"].(int); p > completions {
		t.Errorf("parallelism %d above completions %d", p, completions)
	}
	c := dig(t, job, "spec", "template", "spec", "containers").([]any)[0].(map[string]any)
	var args []string
	for _, a := range c["args"].([]any) {
		args = append(args, a.(string))
	}
	cmd := parseArgs(t, args)
	if cmd.Name() != "collect" {
		t.Fatalf("the Job runs %s, want collect", cmd.Name())
	}
	shard, env := cmd.Flags().Lookup("shard").Value.String(), cmd.Flags().Lookup("shard-index-env").Value.String()
	if env != "JOB_COMPLETION_INDEX" {
		t.Errorf("--shard-index-env %q, want JOB_COMPLETION_INDEX", env)
	}
	for k := 0; k < completions; k++ {
		s, err := collect.ParseShard(shard, strconv.Itoa(k))
		if err != nil || s.N != completions {
			t.Errorf("pod %d: shard %v, %v; want %d shards, one per completion", k, s, err, completions)
		}
	}

	// The inventory in the ConfigMap is a valid one, and the password it
	// asks for comes from the Secret.
	dir := t.TempDir()
	inv := filepath.Join(dir, "inventory.yaml")
	if err := os.WriteFile(inv, []byte(dig(t, cm, "data", "inventory.yaml").(string)), 0o644); err != nil {
		t.Fatal(err)
	}
	loaded, err := inventory.Load(inv, vendors.InventoryPlatforms())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := collect.Targets(loaded); err != nil {
		t.Fatal(err)
	}
	var fromSecret []string
	for _, e := range c["env"].([]any) {
		e := e.(map[string]any)
		if ref := dig(t, e, "valueFrom", "secretKeyRef"); ref != nil {
			fromSecret = append(fromSecret, e["name"].(string))
		}
	}
	if want := loaded.Credentials.PasswordEnv; want == "" || !slices.Contains(fromSecret, want) {
		t.Errorf("the inventory reads the password from %q; the Secret fills %v", want, fromSecret)
	}
	if strings.Contains(strings.Join(args, " "), "password") {
		t.Errorf("a password on the command line: %v", args)
	}
}

func TestGitLabPipeline(t *testing.T) {
	doc := yamlDocs(t, "../../examples/gitlab/mcaudit.gitlab-ci.yml")[0]
	collectJob := dig(t, doc, "mcaudit-collect").(map[string]any)
	var shards []string
	for _, m := range dig(t, collectJob, "parallel", "matrix").([]any) {
		for _, s := range m.(map[string]any)["SHARD"].([]any) {
			shards = append(shards, s.(string))
		}
	}
	n := 0
	seen := map[int]bool{}
	for _, spec := range shards {
		s, err := collect.ParseShard(spec, "")
		if err != nil {
			t.Fatal(err)
		}
		if n != 0 && s.N != n {
			t.Errorf("shard %s of another count than %d", spec, n)
		}
		n = s.N
		seen[s.K] = true
	}
	if len(seen) != n || len(shards) != n {
		t.Errorf("matrix %v does not cover shards 0..%d once each", shards, n-1)
	}
	runs := 0
	for _, job := range []string{"mcaudit-collect", "mcaudit-audit"} {
		for _, line := range dig(t, doc, job, "script").([]any) {
			line := strings.ReplaceAll(line.(string), `"$SHARD"`, shards[0])
			args, ok := strings.CutPrefix(line, "mcaudit ")
			if !ok {
				continue
			}
			args, _, _ = strings.Cut(args, " ||")
			parseArgs(t, strings.Fields(args))
			runs++
		}
	}
	if runs != 4 {
		t.Errorf("%d mcaudit commands in the pipeline, want 4", runs)
	}
	if !strings.Contains(strings.Join(toStrings(dig(t, doc, "mcaudit-audit", "script").([]any)), "\n"), "--fail-on new") {
		t.Error("the nightly audit does not fail on new findings only")
	}
}

// parseArgs finds the command args name and parses its flags as mcaudit
// would, without running it.
func parseArgs(t *testing.T, args []string) *cobra.Command {
	t.Helper()
	root := NewRootCmd(Streams{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard})
	cmd, rest, err := root.Find(args)
	if err != nil {
		t.Fatalf("%v: %v", args, err)
	}
	if err := cmd.ParseFlags(rest); err != nil {
		t.Fatalf("mcaudit %s: %v", strings.Join(args, " "), err)
	}
	if extra := cmd.Flags().Args(); len(extra) > 0 {
		t.Fatalf("mcaudit %s: stray arguments %v", strings.Join(args, " "), extra)
	}
	return cmd
}

func yamlDocs(t *testing.T, path string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var out []map[string]any
	for {
		var d map[string]any
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, d)
	}
}

func dig(t *testing.T, v any, keys ...string) any {
	t.Helper()
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func toStrings(xs []any) []string {
	var out []string
	for _, x := range xs {
		out = append(out, x.(string))
	}
	return out
}

// The merge-request pipelines (GitHub Actions, GitLab) run for real on a
// copy of the bundled lab as the repository's network/: their report
// commands write their files whatever the findings, and their last command,
// the verdict, fails on the lab's three errors and passes once a waivers
// file beside the inventory accepts them.
func TestMergeRequestPipelines(t *testing.T) {
	gh := yamlDocs(t, "../../examples/github/mcaudit.yml")[0]
	var ghRuns []string
	for _, st := range dig(t, gh, "jobs", "audit", "steps").([]any) {
		if r, ok := st.(map[string]any)["run"].(string); ok {
			ghRuns = append(ghRuns, r)
		}
	}
	gl := yamlDocs(t, "../../examples/gitlab/mcaudit-merge-request.gitlab-ci.yml")[0]
	pipelines := map[string]struct {
		inventory string
		lines     []string
	}{
		"github": {dig(t, gh, "env", "INVENTORY").(string), ghRuns},
		"gitlab": {dig(t, gl, "mcaudit-merge-request", "variables", "INVENTORY").(string), toStrings(dig(t, gl, "mcaudit-merge-request", "script").([]any))},
	}
	lab, err := filepath.Abs("../../fixtures/lab")
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range pipelines {
		t.Run(name, func(t *testing.T) {
			repo := t.TempDir()
			if err := os.CopyFS(filepath.Join(repo, filepath.Dir(p.inventory)), os.DirFS(lab)); err != nil {
				t.Fatal(err)
			}
			t.Chdir(repo)
			run := func() (verdict int, files []string) {
				verdict = -1
				for _, line := range p.lines {
					cmd, ok := strings.CutPrefix(line, "mcaudit ")
					if !ok {
						continue
					}
					cmd, orTrue := strings.CutSuffix(cmd, " || true")
					args := strings.Fields(strings.ReplaceAll(cmd, `"$INVENTORY"`, p.inventory))
					code := Main(args, Streams{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard})
					if orTrue {
						if code == ExitUsage {
							t.Errorf("mcaudit %s: bad usage", cmd)
						}
						if i := slices.Index(args, "--output"); i >= 0 {
							files = append(files, args[i+1])
						}
						continue
					}
					verdict = code
				}
				return verdict, files
			}
			verdict, files := run()
			if verdict != ExitFindings {
				t.Errorf("the verdict on the lab exits %d, want %d (three errors)", verdict, ExitFindings)
			}
			for _, f := range files {
				if st, err := os.Stat(f); err != nil || st.Size() == 0 {
					t.Errorf("report %s not written: %v", f, err)
				}
			}
			waivers := "waivers:\n" +
				"  - {rule: pgm-blocked, device: acc1, reason: CHG0031234}\n" +
				"  - {rule: vlan-not-on-trunk, device: core1, reason: CHG0031235}\n" +
				"  - {rule: igmp-querier-missing, device: core1, reason: CHG0031236}\n"
			if err := os.WriteFile(filepath.Join(filepath.Dir(p.inventory), ".mcaudit-waivers.yaml"), []byte(waivers), 0o644); err != nil {
				t.Fatal(err)
			}
			if verdict, _ := run(); verdict != ExitOK {
				t.Errorf("the verdict with every error waived exits %d, want 0", verdict)
			}
		})
	}
}
