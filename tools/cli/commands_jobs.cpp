// luma job get|wait|delete ID... and luma jobs.

#include <iostream>
#include <memory>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "local_files.hpp"
#include "output.hpp"
#include "terminal_text.hpp"
#include "wait_and_save.hpp"

namespace useapi::luma::cli {
namespace {

using nlohmann::json;

struct JobArgs {
  std::vector<std::string> ids;
  std::string out;      // job wait: save the media here when set
  bool resume = false;  // job wait: every job of the journal not saved yet
};

void addGet(CLI::App& job, Action& action) {
  auto args = std::make_shared<JobArgs>();
  CLI::App* command = job.add_subcommand("get", "Show the current record of jobs");
  command->add_option("ids", args->ids, "Job ids")->required();
  command->callback([&action, args] {
    action = [args](Session& session) {
      json records = json::array();
      for (const auto& id : args->ids) {
        const Job record = session.client.getJob(id);
        if (session.options.json) {
          records.push_back(jobJson(record));
        } else {
          printJob(std::cout, record);
        }
      }
      if (session.options.json) printJson({{"jobs", records}});
      return ExitSuccess;
    };
  });
}

void addWait(CLI::App& job, Action& action) {
  auto args = std::make_shared<JobArgs>();
  CLI::App* command = job.add_subcommand("wait", "Wait until jobs are final (and save them)");
  CLI::Option* ids = command->add_option("ids", args->ids, "Job ids");
  command
      ->add_flag("--resume", args->resume,
                 "Wait for every job this machine created and has not saved yet (the journal)")
      ->excludes(ids);
  command->add_option("--out", args->out, "Save the completed jobs' media in this folder");
  command->callback([&action, args] {
    if (!args->resume && args->ids.empty()) {
      throw CLI::RequiredError("job ids (or --resume)");
    }
    action = [args](Session& session) -> int {
      if (args->resume) {
        args->ids = session.client.unacknowledgedJobs();
        if (args->ids.empty()) {
          if (session.options.json) {
            printJson({{"jobs", json::array()}});
          } else {
            std::cerr << "luma: no job to resume: the journal holds none that is not saved\n";
          }
          return ExitSuccess;
        }
      }
      SaveOptions save;
      save.download = !args->out.empty();
      if (save.download) {
        save.folder = args->out;
        checkWritableFolder(save.folder, "--out");
      }
      return waitAndSave(session, args->ids, save);
    };
  });
}

void addDelete(CLI::App& job, Action& action) {
  auto args = std::make_shared<JobArgs>();
  CLI::App* command = job.add_subcommand("delete", "Remove finished jobs from the tracker");
  command->add_option("ids", args->ids, "Job ids")->required();
  command->callback([&action, args] {
    action = [args](Session& session) {
      json deleted = json::array();
      for (const auto& id : args->ids) {
        session.client.deleteJob(id);
        deleted.push_back(id);
        if (!session.options.json) std::cout << "deleted " << printable(id) << '\n';
      }
      if (session.options.json) printJson({{"deleted", deleted}});
      return ExitSuccess;
    };
  });
}

void addList(CLI::App& app, Action& action) {
  CLI::App* command = app.add_subcommand("jobs", "List the running jobs");
  auto all = std::make_shared<bool>(false);
  command->add_flag("--all", *all,
                    "Also list the jobs this machine created and has not saved yet (the journal)");
  command->callback([&action, all] {
    action = [all](Session& session) {
      const JobList list = session.client.listJobs();
      const std::vector<std::string> unsaved =
          *all ? session.client.unacknowledgedJobs() : std::vector<std::string>{};
      if (session.options.json) {
        json jobs = json::array();
        for (const auto& job : list.jobs) {
          jobs.push_back({{"jobid", job.jobid},
                          {"type", std::string(toString(job.type))},
                          {"account", job.account},
                          {"model", job.model},
                          {"created", job.created}});
        }
        json document = {{"executing", list.executing}, {"jobs", jobs}};
        if (*all) document["unsaved"] = unsaved;
        printJson(document);
        return ExitSuccess;
      }
      std::cout << list.executing << " running\n";
      for (const auto& job : list.jobs) {
        std::cout << printable(job.jobid) << "  " << toString(job.type) << "  "
                  << printable(job.model) << "  " << printable(job.account) << "  "
                  << printable(job.created) << '\n';
      }
      if (*all) {
        std::cout << unsaved.size()
                  << " created here and not saved yet (luma job wait --resume --out DIR)\n";
        for (const auto& id : unsaved) std::cout << printable(id) << '\n';
      }
      return ExitSuccess;
    };
  });
}

}  // namespace

void addJobCommands(CLI::App& app, Action& action) {
  CLI::App* job = app.add_subcommand("job", "Look at, wait for or delete jobs by id");
  job->require_subcommand(1);
  addGet(*job, action);
  addWait(*job, action);
  addDelete(*job, action);
  addList(app, action);
}

}  // namespace useapi::luma::cli
