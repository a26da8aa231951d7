// A page of the buyer survey on the real field screens under SDL's
// offscreen driver, touched as an enumerator would: both questions of the
// page on one screen, the delivery question appearing on it as soon as
// "online" is chosen (and scrolled into view), and "next" with a required
// question unanswered scrolling back to it with its message. At 800x480
// and 1280x800, in Thai and English; each frame is saved as PNG beside the
// test (fieldpage-<size>-<language>-<step>.png) to be looked at.

#include "demo_script.hpp"
#include "kiosk_app_fixture.hpp"
#include "kiosk_terminal.hpp"
#include "test_support.hpp"

#include <screens/field_screens.hpp>

#include <catch2/catch.hpp>

namespace fs = std::filesystem;
using namespace fangsiang;
using kiosk::FieldScreen;

namespace {

struct Size {
    int width;
    int height;
};

bool has(const DemoScript::Targets& targets, const std::string& name) { return targets.count(name) != 0; }

}  // namespace

TEST_CASE("a page shows its questions together, follows the answers and names what is wanting", "[e2e][field][pages]") {
    REQUIRE(core::sodiumInit().ok());
    test::TempDir dir;
    KioskConfig config = test::demoOfficeConfig(dir.path() / "data");
    config.enumerators = {{"somsri", "สมศรี ใจงาม"}};
    auto app = KioskApp::open(config, test::demoOfficePins());
    REQUIRE(app.ok());
    auto field = FieldSession::open(**app);
    REQUIRE(field.ok());
    kiosk::FieldFlow& flow = (*field)->flow();
    const core::Clock& clock = (*app)->runtime().options().clock;

    const Size size = GENERATE(Size{800, 480}, Size{1280, 800});
    const core::Language language = GENERATE(core::Language::Thai, core::Language::English);
    const std::string name = std::to_string(size.width) + "x" + std::to_string(size.height) +
                             (language == core::Language::English ? "-en" : "-th");
    CAPTURE(name);
    platform::WindowOptions options = windowOptions(config, size.width, size.height, false);
    options.softwareRenderer = true;
    options.hidden = true;
    auto window = platform::Window::create(options);
    REQUIRE(window.ok());
    ui::FieldView view;
    DemoScript s(**window, language, FANGSIANG_TEST_OUTPUT_DIR, "fieldpage-" + name);
    s.show([&](ui::Context& ui) { ui::drawFieldScreen(ui, flow, view, clock()); }, view.base.targets,
           [&] { return std::string(kiosk::fieldScreenName(flow.screen())); });

    // The session and a respondent, straight on the flow; the page by touch.
    flow.setLanguage(language, clock());
    flow.chooseEnumerator("somsri", clock());
    flow.chooseSurvey("product-buyer", clock());
    flow.answer(std::string("sunday-market"), clock());
    while (flow.screen() == FieldScreen::Context)
        flow.next(clock());
    flow.startRespondent(clock());
    flow.consent(true, clock());
    REQUIRE(flow.page() != nullptr);
    REQUIRE(s.settle().ok());
    // Two questions, one screen.
    CHECK(has(view.base.targets, "product:options"));
    CHECK(has(view.base.targets, "bought_at:options"));
    CHECK_FALSE(has(view.base.targets, "delivery:rating"));
    REQUIRE(s.shot().ok());

    // "Online", the first chip of where it was bought: the delivery rating
    // is on the page at once, and in view.
    REQUIRE(s.tap("bought_at:options", 0.03f, 0.25f).ok());
    REQUIRE(flow.answers()->answerTo("bought_at") == core::Answer{std::string("online")});
    REQUIRE(has(view.base.targets, "delivery:rating"));
    const ui::TargetRect delivery = view.base.targets.at("delivery:rating");
    CHECK(delivery.min.y >= view.page.viewTop);
    CHECK(delivery.max.y <= view.page.viewBottom + 1.0f);
    REQUIRE(s.shot().ok());

    // "Next" without the product: the page goes back up to it and says so.
    REQUIRE(s.tap("next").ok());
    CHECK(flow.page() != nullptr);
    CHECK(flow.wanting() == "product");
    REQUIRE(s.settle().ok());
    const ui::TargetRect product = view.base.targets.at("product:options");
    CHECK(product.min.y >= view.page.viewTop);
    CHECK(view.page.scroll == 0.0f);
    REQUIRE(s.shot().ok());

    // Answered, the page moves on: the next question has a screen of its own.
    REQUIRE(s.tap("product:options", 0.03f, 0.25f).ok());
    REQUIRE(s.tap("next").ok());
    CHECK(flow.page() == nullptr);
    CHECK(flow.currentQuestion()->id == "buyer_type");
}
