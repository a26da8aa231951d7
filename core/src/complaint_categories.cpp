#include "core/complaint_categories.hpp"

#include <array>

namespace fangsiang::core {

std::span<const ComplaintCategoryName> complaintCategories() {
    static const std::array<ComplaintCategoryName, 8> kTable = {{
        {"roads-lights", {"ถนนและไฟฟ้าส่องสว่าง", "Roads and street lights"}},
        {"water", {"น้ำประปา", "Water supply"}},
        {"waste", {"ขยะและความสะอาด", "Waste and cleanliness"}},
        {"drainage-flood", {"ท่อระบายน้ำและน้ำท่วม", "Drainage and flooding"}},
        {"noise-nuisance", {"เสียงดังและเหตุรำคาญ", "Noise and nuisance"}},
        {"stray-animals", {"สัตว์จรจัด", "Stray animals"}},
        {"conduct-corruption", {"การทุจริตหรือความประพฤติของเจ้าหน้าที่", "Corruption or staff conduct"}},
        {"other", {"เรื่องอื่น ๆ", "Something else"}},
    }};
    return kTable;
}

const TextPair* complaintCategoryName(std::string_view id) {
    for (const auto& c : complaintCategories())
        if (id == c.id)
            return &c.label;
    return nullptr;
}

}  // namespace fangsiang::core
