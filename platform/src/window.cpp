#include "platform/window.hpp"

#include <SDL.h>
#include <imgui.h>
#include <imgui_impl_sdl.h>
#include <imgui_impl_sdlrenderer.h>

#include <algorithm>
#include <cmath>

namespace fangsiang::platform {

namespace {

core::Error sdlError(const std::string& what) {
    return core::makeError(core::ErrorCode::Io, what + ": " + SDL_GetError());
}

// Video drivers whose windows have no framebuffer in plain memory.
bool drawsThroughTexture() {
    const char* driver = SDL_GetCurrentVideoDriver();
    if (driver == nullptr) return false;
    for (const char* name : {"wayland", "KMSDRM"})
        if (SDL_strcasecmp(driver, name) == 0) return true;
    return false;
}

}  // namespace

float Window::scaleFor(int width, int height) {
    const float s = std::min(static_cast<float>(width) / 800.0f, static_cast<float>(height) / 480.0f);
    // Quantised so a few pixels of resize do not re-bake the fonts.
    return std::max(0.5f, std::round(s * 20.0f) / 20.0f);
}

core::Result<std::unique_ptr<Window>> Window::create(const WindowOptions& options) {
    if (options.width < 320 || options.height < 240 || options.width > 8192 || options.height > 8192)
        return core::makeError(core::ErrorCode::InvalidArgument, "window size must be between 320x240 and 8192x8192");
    auto breaker = TRY(ui::thai::WordBreaker::create());

    std::unique_ptr<Window> w(new Window());
    w->m_fontConfig = options.fonts;
    w->m_breaker.emplace(std::move(breaker));

    // Touch arrives as mouse events too, which is what ImGui's SDL backend
    // reads; keep that on even where a platform default turns it off.
    SDL_SetHint(SDL_HINT_TOUCH_MOUSE_EVENTS, "1");
    // On Wayland SDL draws its title bar through libdecor; where libdecor
    // has no plugin (a kiosk image under cage installs none) its fallback
    // never passes on the compositor's size, and the kiosk stays 800x480 in
    // the corner of a larger screen. A kiosk wants no title bar: SDL's own
    // xdg-shell path takes the size cage gives it.
    SDL_SetHint(SDL_HINT_VIDEO_WAYLAND_ALLOW_LIBDECOR, "0");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) return sdlError("SDL could not start its video subsystem");
    // With the software renderer the window surface stays in plain memory
    // instead of going through a GL texture: no GL driver is loaded at all,
    // which is what tests and memory measurements want. Only where the
    // driver has such a surface: SDL 2.26's Wayland and KMS/DRM drivers have
    // none, so there the software renderer's frame reaches the screen through
    // a texture, and with the hint off SDL finds no renderer at all.
    if (options.softwareRenderer && !drawsThroughTexture()) SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    // A kiosk screen that blanks looks switched off to the next citizen.
    SDL_DisableScreenSaver();

    Uint32 flags = SDL_WINDOW_RESIZABLE;
    if (options.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    if (options.hidden) flags |= SDL_WINDOW_HIDDEN;
    w->m_window = SDL_CreateWindow(options.title.c_str(), SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                   options.width, options.height, flags);
    if (w->m_window == nullptr) return sdlError("SDL could not open a window");

    if (!options.softwareRenderer) {
        Uint32 rflags = SDL_RENDERER_ACCELERATED;
        if (options.vsync) rflags |= SDL_RENDERER_PRESENTVSYNC;
        w->m_renderer = SDL_CreateRenderer(w->m_window, -1, rflags);
    }
    if (w->m_renderer == nullptr) w->m_renderer = SDL_CreateRenderer(w->m_window, -1, SDL_RENDERER_SOFTWARE);
    if (w->m_renderer == nullptr) return sdlError("SDL could not create a renderer");
    SDL_RendererInfo info{};
    SDL_GetRendererInfo(w->m_renderer, &info);
    w->m_rendererName = info.name != nullptr ? info.name : "unknown";

    IMGUI_CHECKVERSION();
    w->m_imgui = ImGui::CreateContext();
    ImGui::SetCurrentContext(w->m_imgui);
    ImGuiIO& io = ImGui::GetIO();
    // A kiosk keeps no window layout between runs and writes no files.
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    if (!ImGui_ImplSDL2_InitForSDLRenderer(w->m_window)) return core::makeError(core::ErrorCode::Io, "ImGui SDL backend failed");
    w->m_sdlBackend = true;
    if (!ImGui_ImplSDLRenderer_Init(w->m_renderer))
        return core::makeError(core::ErrorCode::Io, "ImGui SDL_Renderer backend failed");
    w->m_rendererBackend = true;

    SDL_GetWindowSize(w->m_window, &w->m_width, &w->m_height);
    const float scale = scaleFor(w->m_width, w->m_height);
    w->m_fontConfig.scale = scale;
    auto fonts = TRY(ui::loadFonts(*io.Fonts, w->m_fontConfig));
    w->m_ui = std::make_unique<ui::Context>(std::move(fonts), *w->m_breaker);
    ui::applyToImGuiStyle(w->m_ui->theme(), scale, ImGui::GetStyle());
    return w;
}

Window::~Window() {
    if (m_imgui != nullptr) {
        ImGui::SetCurrentContext(m_imgui);
        if (m_rendererBackend) ImGui_ImplSDLRenderer_Shutdown();
        if (m_sdlBackend) ImGui_ImplSDL2_Shutdown();
        ImGui::DestroyContext(m_imgui);
    }
    if (m_renderer != nullptr) SDL_DestroyRenderer(m_renderer);
    if (m_window != nullptr) SDL_DestroyWindow(m_window);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
}

core::Status Window::rebuildFonts(float scale) {
    ImGui::SetCurrentContext(m_imgui);
    ImGui_ImplSDLRenderer_DestroyFontsTexture();
    ui::FontConfig config = m_fontConfig;
    config.scale = scale;
    auto fonts = TRY(ui::loadFonts(*ImGui::GetIO().Fonts, config));
    m_fontConfig = config;
    m_ui->setFonts(std::move(fonts));
    ui::applyToImGuiStyle(m_ui->theme(), scale, ImGui::GetStyle());
    // The backend re-creates the texture on the next NewFrame().
    return core::Ok{};
}

core::Status Window::resize(int width, int height) {
    SDL_SetWindowSize(m_window, width, height);
    // The renderer resizes its target when it sees the window event, so the
    // events the resize queued are handled before the next frame.
    SDL_PumpEvents();
    SDL_Event event;
    while (SDL_PollEvent(&event) != 0) handleEvent(event);
    SDL_GetWindowSize(m_window, &m_width, &m_height);
    if (m_width != width || m_height != height)
        return core::makeError(core::ErrorCode::Io, "the window could not be resized to " + std::to_string(width) +
                                                          "x" + std::to_string(height));
    const float scale = scaleFor(m_width, m_height);
    if (scale != m_fontConfig.scale) return rebuildFonts(scale);
    return core::Ok{};
}

bool Window::handleEvent(const SDL_Event& event) {
    ImGui::SetCurrentContext(m_imgui);
    ImGui_ImplSDL2_ProcessEvent(&event);
    if (event.type == SDL_QUIT) return false;
    if (event.type == SDL_WINDOWEVENT && event.window.windowID == SDL_GetWindowID(m_window)) {
        if (event.window.event == SDL_WINDOWEVENT_CLOSE) return false;
        if (event.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
            SDL_GetWindowSize(m_window, &m_width, &m_height);
            const float scale = scaleFor(m_width, m_height);
            if (scale != m_fontConfig.scale) {
                // Keeps the old fonts on failure: a blurry kiosk beats none.
                if (auto s = rebuildFonts(scale); !s) SDL_Log("fonts not rebuilt: %s", s.error().message.c_str());
            }
        }
    }
    return true;
}

core::Status Window::renderFrame(const DrawFn& draw, Image* capture) {
    ImGui::SetCurrentContext(m_imgui);
    const bool textureWasMissing = ImGui::GetIO().Fonts->TexID == nullptr;
    ImGui_ImplSDLRenderer_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    if (m_scriptedPointer) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(m_scriptedPointer->x, m_scriptedPointer->y);
        io.MouseDown[0] = m_scriptedPointer->down;
    }
    ImGui::NewFrame();
    m_ui->beginFrame();
    draw(*m_ui);
    ImGui::Render();
    if (textureWasMissing && ImGui::GetIO().Fonts->TexID != nullptr) {
        // The texture is on the renderer now; the CPU copies of the atlas
        // (several MB at 1080p) are no longer needed.
        ImGui::GetIO().Fonts->ClearTexData();
    }
    const ImU32 bg = m_ui->theme().background;
    SDL_SetRenderDrawColor(m_renderer, static_cast<Uint8>(bg & 0xFF), static_cast<Uint8>((bg >> 8) & 0xFF),
                           static_cast<Uint8>((bg >> 16) & 0xFF), 255);
    SDL_RenderClear(m_renderer);
    ImGui_ImplSDLRenderer_RenderDrawData(ImGui::GetDrawData());
    core::Status status = core::Ok{};
    if (capture != nullptr) {
        int w = 0;
        int h = 0;
        SDL_GetRendererOutputSize(m_renderer, &w, &h);
        capture->width = w;
        capture->height = h;
        capture->rgba.assign(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4, 0);
        if (SDL_RenderReadPixels(m_renderer, nullptr, SDL_PIXELFORMAT_ABGR8888, capture->rgba.data(), w * 4) != 0)
            status = sdlError("SDL could not read the frame back");
    }
    SDL_RenderPresent(m_renderer);
    return status;
}

}  // namespace fangsiang::platform
