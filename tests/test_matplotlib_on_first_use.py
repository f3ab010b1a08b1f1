"""matplotlib's pyplot and Agg canvas are imported on first use, not when pyvista starts
(render/matplotlib_on_first_use.py).

Each check runs in a fresh interpreter: what is deferred depends on what was imported before, and
this test process may have imported pyplot already.
"""

import subprocess
import sys
import textwrap


def run_fresh(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_app_renders_without_importing_pyplot(mesh_dir):
    out = run_fresh(
        f"""
        import sys
        from anatomy_viewer.core.anatomy.catalogue import load_catalogue
        from anatomy_viewer.core.anatomy.mesh_sources import resolve_mesh_folder
        from anatomy_viewer.core.anatomy.meshes import load_structures
        from anatomy_viewer.core.scene.viewer_state import ViewerState
        from anatomy_viewer.render.pictures.offscreen import offscreen_scene
        from anatomy_viewer.render.matplotlib_on_first_use import really_imported

        catalogue = load_catalogue()
        meshes = load_structures(catalogue, resolve_mesh_folder({str(mesh_dir)!r}),
                                 ["hip_bone_right", "sacrum"]).meshes
        scene = offscreen_scene(catalogue, meshes, (320, 240), ViewerState(catalogue, available=meshes))
        image = scene.plotter.screenshot(return_img=True)
        assert image.shape[:2] == (240, 320) and image.std() > 0
        print("imported:", really_imported("matplotlib.pyplot"), "matplotlib.figure" in sys.modules,
              really_imported("matplotlib.backends.backend_agg"),
              "matplotlib.backend_bases" in sys.modules)
        """
    )
    assert out == "imported: False False False False"


def test_first_use_gets_the_real_pyplot():
    out = run_fresh(
        """
        import sys
        import anatomy_viewer.render
        import pyvista
        import matplotlib
        import matplotlib.pyplot as plt  # the stand-in, until a name is asked of it
        from anatomy_viewer.render.matplotlib_on_first_use import really_imported
        assert not really_imported("matplotlib.pyplot")
        figure = plt.figure()  # a first use imports the real module
        assert really_imported("matplotlib.pyplot")
        import matplotlib.pyplot as again
        assert again is sys.modules["matplotlib.pyplot"] is matplotlib.pyplot
        assert type(again).__name__ == "module" and again.figure is plt.figure
        from matplotlib.pyplot import close
        close(figure)
        # pyvista's own use of it (its matplotlib-theme colour cycle) works too.
        from pyvista.plotting.colors import get_matplotlib_theme_cycler
        print(len(get_matplotlib_theme_cycler()) > 0)
        """
    )
    assert out == "True"


def test_a_pyplot_imported_first_is_left_alone():
    out = run_fresh(
        """
        import matplotlib.pyplot as real
        import anatomy_viewer.render
        import sys
        assert sys.modules["matplotlib.pyplot"] is real
        print("left alone")
        """
    )
    assert out == "left alone"


def test_pyvistas_matplotlib_chart_gets_the_real_agg_canvas():
    out = run_fresh(
        """
        import sys
        import anatomy_viewer.render
        import pyvista.plotting
        from anatomy_viewer.render.matplotlib_on_first_use import really_imported
        assert "matplotlib.backends.backend_agg" not in sys.modules  # stand-in gone, real not yet
        chart = pyvista.ChartMPL()  # makes a figure (pyplot) and its Agg canvas
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        import matplotlib.backends
        assert matplotlib.backends.backend_agg is sys.modules["matplotlib.backends.backend_agg"]
        print(type(chart._canvas) is FigureCanvasAgg, really_imported("matplotlib.pyplot"))
        """
    )
    assert out == "True True"
