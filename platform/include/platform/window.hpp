#pragma once
// The SDL2 window, its SDL_Renderer and Dear ImGui on top, with the fonts
// baked for the window's size. Runs the same under a desktop, a Raspberry Pi
// touchscreen (KMS/DRM) and SDL's offscreen driver in tests.

#include "platform/image.hpp"

#include <core/result.hpp>
#include <ui/context.hpp>
#include <ui/fonts.hpp>
#include <ui/thai.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

struct SDL_Window;
struct SDL_Renderer;
union SDL_Event;
struct ImGuiContext;

namespace fangsiang::platform {

struct WindowOptions {
    int width = 800;
    int height = 480;
    bool fullscreen = false;  // kiosk mode: the whole display, no decorations
    bool hidden = false;      // for tests and the gallery under a real display
    // Skip the hardware renderer (tests want identical pixels everywhere).
    bool softwareRenderer = false;
    bool vsync = true;
    std::string title = "Fangsiang";
    ui::FontConfig fonts;
};

// One screen drawn per frame, between ImGui::NewFrame() and ImGui::Render().
using DrawFn = std::function<void(ui::Context&)>;

class Window {
public:
    // Initialises SDL video, opens the window, picks the hardware renderer
    // where present (software otherwise) and loads the fonts. Every failure
    // is an error with the reason SDL or the font loader gave.
    [[nodiscard]] static core::Result<std::unique_ptr<Window>> create(const WindowOptions& options);
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    [[nodiscard]] ui::Context& ui() { return *m_ui; }
    [[nodiscard]] SDL_Window* sdlWindow() const { return m_window; }
    [[nodiscard]] SDL_Renderer* renderer() const { return m_renderer; }
    [[nodiscard]] const std::string& rendererName() const { return m_rendererName; }
    [[nodiscard]] int width() const { return m_width; }
    [[nodiscard]] int height() const { return m_height; }

    // Hands an event to ImGui; a resize re-bakes the fonts for the new
    // scale. Returns false when the event asks the program to quit.
    bool handleEvent(const SDL_Event& event);

    // Draws one frame. When `capture` is given, the frame's pixels are read
    // back into it before it is presented.
    core::Status renderFrame(const DrawFn& draw, Image* capture = nullptr);

    // Scripted input for the demo and end-to-end tests: while set, this
    // pointer replaces what the SDL backend read, as a finger at that place
    // would. SDL's offscreen driver gives no window mouse focus, so warping
    // SDL's own pointer does not reach ImGui there.
    struct Pointer {
        float x = 0.0f;
        float y = 0.0f;
        bool down = false;
    };
    void setScriptedPointer(std::optional<Pointer> pointer) { m_scriptedPointer = pointer; }

    // Sets the size (windowed mode) and re-bakes fonts for it; for the
    // gallery and tests, which visit several sizes.
    core::Status resize(int width, int height);

    // 1 at 800x480; fonts and every length in ui/ scale with it.
    [[nodiscard]] static float scaleFor(int width, int height);

private:
    Window() = default;
    core::Status rebuildFonts(float scale);

    ui::FontConfig m_fontConfig;
    SDL_Window* m_window = nullptr;
    SDL_Renderer* m_renderer = nullptr;
    ImGuiContext* m_imgui = nullptr;
    bool m_sdlBackend = false;
    bool m_rendererBackend = false;
    std::optional<ui::thai::WordBreaker> m_breaker;
    std::unique_ptr<ui::Context> m_ui;
    std::string m_rendererName;
    int m_width = 0;
    int m_height = 0;
    std::optional<Pointer> m_scriptedPointer;
};

}  // namespace fangsiang::platform
