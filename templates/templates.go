// Package templates renders remediation templates: each vendor's files
// (vendors.Remediator), one folder per platform, with a fallback chain so
// a platform shares the files of the one it derives from. Each file
// defines "fix", the lines to type in configuration mode, and "rollback",
// the lines that undo them. A user's folder (--templates DIR) overrides
// them file by file.
package templates

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template"

	"github.com/mcaudit/mcaudit/vendors"
)

// Source finds the built-in templates of a platform: the files, the
// directories of fsys to look in (first match wins), and the functions
// the templates call. ok is false where the platform has none.
type Source func(platform string) (fsys fs.FS, dirs []string, funcs template.FuncMap, ok bool)

// Set is a set of templates: the built-in ones, optionally overridden.
type Set struct {
	src      Source
	override string // a user's directory, or ""
	mu       sync.Mutex
	parsed   map[string]*template.Template
}

// Builtin returns the templates the vendors bring.
func Builtin() *Set { return New(vendors.TemplateSource) }

// New returns the templates of src.
func New(src Source) *Set { return &Set{src: src, parsed: map[string]*template.Template{}} }

// Dir returns the built-in templates overridden by the files in dir
// (dir/<platform>/<name>.tmpl). Every file in dir is parsed at once, so a
// broken override is reported before anything is rendered.
func Dir(dir string) (*Set, error) { return Over(vendors.TemplateSource, dir) }

// Over is Dir over the templates of src.
func Over(src Source, dir string) (*Set, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("templates: %s is not a directory", dir)
	}
	s := New(src)
	s.override = dir
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.tmpl"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("templates: no <platform>/<name>.tmpl files in %s", dir)
	}
	for _, f := range files {
		rel, _ := filepath.Rel(dir, f)
		platform, name := filepath.Dir(rel), strings.TrimSuffix(filepath.Base(rel), ".tmpl")
		if _, err := s.template(platform, name); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Has reports whether a template exists for platform, overridden or built in.
func (s *Set) Has(platform, name string) bool {
	if s.override != "" {
		if _, err := os.Stat(filepath.Join(s.override, platform, name+".tmpl")); err == nil {
			return true
		}
	}
	_, _, ok := s.builtin(platform, name)
	return ok
}

// Names lists the built-in templates of a platform, its fallbacks' included.
func (s *Set) Names(platform string) []string {
	fsys, dirs, _, ok := s.src(platform)
	if !ok {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, d := range dirs {
		entries, _ := fs.ReadDir(fsys, d)
		for _, e := range entries {
			n, isT := strings.CutSuffix(e.Name(), ".tmpl")
			if isT && !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	// In the order of their files, as a listing of the folders shows them.
	slices.SortFunc(out, func(a, b string) int { return strings.Compare(a+".tmpl", b+".tmpl") })
	return out
}

// builtin finds a built-in template along the platform's fallback chain.
func (s *Set) builtin(platform, name string) (text []byte, file string, ok bool) {
	fsys, dirs, _, found := s.src(platform)
	if !found {
		return nil, "", false
	}
	for _, d := range dirs {
		file = path.Join(d, name+".tmpl")
		if b, err := fs.ReadFile(fsys, file); err == nil {
			return b, file, true
		}
	}
	return nil, "", false
}

// MaxRender bounds what one block of a template may write: a step of
// remediation is a few lines, and a user's template that loops without
// end ({{range 30000000}}) must stop long before it fills memory.
const MaxRender = 1 << 20

// Render executes template name of platform with data and returns the
// fix and rollback lines: blank lines dropped, sub-mode indentation kept.
// A block that writes more than MaxRender bytes, or is still writing when
// ctx is done, fails.
func (s *Set) Render(ctx context.Context, platform, name string, data any) (fix, rollback []string, err error) {
	t, err := s.template(platform, name)
	if err != nil {
		return nil, nil, err
	}
	for _, part := range []struct {
		block string
		out   *[]string
	}{{"fix", &fix}, {"rollback", &rollback}} {
		w := &boundedWriter{ctx: ctx, max: MaxRender}
		if err := execute(ctx, t, w, part.block, data); err != nil {
			if werr := w.failed(); werr != nil {
				return nil, nil, fmt.Errorf("%s: %s: %w", s.where(platform, name), part.block, werr)
			}
			return nil, nil, fmt.Errorf("%s: %w", s.where(platform, name), cleanExecError(err))
		}
		*part.out = lines(w.b.String())
	}
	return fix, rollback, nil
}

// execute runs a block, and returns when ctx is done even if the block
// still runs: a loop that writes nothing ({{range 3000000000}}{{end}})
// never meets the writer's checks. The abandoned execution ends with the
// process, which is on its way out.
func execute(ctx context.Context, t *template.Template, w *boundedWriter, block string, data any) error {
	done := make(chan error, 1)
	go func() { done <- t.ExecuteTemplate(w, block, data) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		w.stop(ctx.Err())
		return ctx.Err()
	}
}

// ErrTooLarge marks a template block that wrote more than MaxRender bytes.
var ErrTooLarge = errors.New("the template writes more than the limit")

// boundedWriter fails a write past max bytes, or once ctx is done: the
// template's execution stops at its next write.
type boundedWriter struct {
	ctx context.Context
	max int
	mu  sync.Mutex // stop comes from another goroutine
	b   bytes.Buffer
	err error
}

func (w *boundedWriter) failed() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

func (w *boundedWriter) stop(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = err
	}
}

func (w *boundedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	switch {
	case w.err != nil:
	case w.ctx.Err() != nil:
		w.err = w.ctx.Err()
	case w.b.Len()+len(p) > w.max:
		w.err = fmt.Errorf("%w of %d bytes", ErrTooLarge, w.max)
	default:
		return w.b.Write(p)
	}
	return 0, w.err
}

func (s *Set) template(platform, name string) (*template.Template, error) {
	key := platform + "/" + name
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.parsed[key]; ok {
		return t, nil
	}
	text, err := s.read(platform, name)
	if err != nil {
		return nil, err
	}
	fm := template.FuncMap{"itoa": strconv.Itoa}
	if _, _, funcs, ok := s.src(platform); ok {
		for k, f := range funcs {
			fm[k] = f
		}
	}
	t, err := template.New(name + ".tmpl").Funcs(fm).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", s.where(platform, name), cleanParseError(err))
	}
	for _, block := range []string{"fix", "rollback"} {
		if t.Lookup(block) == nil {
			return nil, fmt.Errorf("%s: defines no %q template (want {{define \"fix\"}}…{{end}} and {{define \"rollback\"}}…{{end}})", s.where(platform, name), block)
		}
	}
	s.parsed[key] = t
	return t, nil
}

func (s *Set) read(platform, name string) (string, error) {
	if s.override != "" {
		b, err := os.ReadFile(filepath.Join(s.override, platform, name+".tmpl"))
		if err == nil {
			return string(b), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("templates: %w", err)
		}
	}
	b, _, ok := s.builtin(platform, name)
	if !ok {
		return "", fmt.Errorf("templates: no template %s for platform %s", name, platform)
	}
	return string(b), nil
}

// where names a template file as the user would find it.
func (s *Set) where(platform, name string) string {
	if s.override != "" {
		p := filepath.Join(s.override, platform, name+".tmpl")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if _, file, ok := s.builtin(platform, name); ok {
		return "built-in template " + file
	}
	return "template " + platform + "/" + name + ".tmpl"
}

var (
	// "template: querier.tmpl:3: function "x" not defined" → "line 3: function "x" not defined"
	parseErr = regexp.MustCompile(`^template: [^:]+:(\d+):\s*`)
	// "template: querier.tmpl:3:14: executing "fix" at <.Adress>: ..." → "line 3: ..."
	execErr = regexp.MustCompile(`^template: [^:]+:(\d+):\d+: `)
)

func cleanParseError(err error) string {
	return parseErr.ReplaceAllString(err.Error(), "line $1: ")
}

func cleanExecError(err error) error {
	return errors.New(execErr.ReplaceAllString(err.Error(), "line $1: "))
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		l = strings.TrimRight(l, " \t\r")
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}
